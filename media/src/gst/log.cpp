#include "log.hpp"

#include <cstdio>
#include <mutex>

#include "media/log.hpp"

namespace media {
namespace {

std::mutex& sink_mutex() {
  static std::mutex m;
  return m;
}
LogSink& sink() {
  static LogSink s;
  return s;
}

void write(LogLevel level, const std::string& text) {
  LogSink current;
  {
    std::lock_guard lock(sink_mutex());
    current = sink();
  }
  if (current) {
    current(level, text);
    return;
  }
  std::fprintf(stderr, "media: %s: %s\n", level == LogLevel::info ? "info" : "warn", text.c_str());
}

}  // namespace

void set_log_sink(LogSink s) {
  std::lock_guard lock(sink_mutex());
  sink() = std::move(s);
}

namespace gst {
void log_info(const std::string& text) { write(LogLevel::info, text); }
void log_warn(const std::string& text) { write(LogLevel::warn, text); }
}  // namespace gst

}  // namespace media
