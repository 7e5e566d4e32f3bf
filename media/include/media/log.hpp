#pragma once
// Where the media unit's log lines go. Contract: one line per event; info for state
// transitions (pipeline, legs, layout, recording), warn for recoverable trouble (bad
// packets, pipeline warnings, refused control requests); never per packet.
//
// By default lines go to standard error as "media: <level>: <text>". A program that has a
// log of its own (meetingd: spdlog) installs a sink once, before any Node exists; the sink
// may be called from any media thread at once.
#include <functional>
#include <string_view>

namespace media {

enum class LogLevel { info, warn };
using LogSink = std::function<void(LogLevel level, std::string_view text)>;

void set_log_sink(LogSink sink);  // an empty sink restores standard error

}  // namespace media
