#include "log.hpp"

#include <cstdio>

namespace media::gst {
void log_info(const std::string& text) { std::fprintf(stderr, "media: info: %s\n", text.c_str()); }
void log_warn(const std::string& text) { std::fprintf(stderr, "media: warn: %s\n", text.c_str()); }
}  // namespace media::gst
