#pragma once
// Logging contract: one line per event on stderr, "media: <level>: <text>".
// Info for state transitions (pipeline, legs, layout, recording), warn for
// recoverable trouble (bad packets, pipeline warnings). Never per packet.
#include <string>

namespace media::gst {
void log_info(const std::string& text);
void log_warn(const std::string& text);
}  // namespace media::gst
