#include "log/log.hpp"

#include <spdlog/spdlog.h>

namespace logging {

void info(const std::string& message) { spdlog::info("{}", message); }
void warn(const std::string& message) { spdlog::warn("{}", message); }
void error(const std::string& message) { spdlog::error("{}", message); }

}  // namespace logging
