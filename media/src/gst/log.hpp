#pragma once
// The media unit's log lines, through the sink of media/log.hpp (its contract holds).
#include <string>

namespace media::gst {
void log_info(const std::string& text);
void log_warn(const std::string& text);
}  // namespace media::gst
