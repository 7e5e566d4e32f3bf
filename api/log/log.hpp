#pragma once
// The service's log (spdlog behind it, linked only by the api_log target). One line per
// event, to standard error; never a secret (tokens) and never a request body.
#include <string>

namespace logging {

void info(const std::string& message);
void warn(const std::string& message);
void error(const std::string& message);

}  // namespace logging
