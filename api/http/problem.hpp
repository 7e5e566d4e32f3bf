#pragma once
// The one place where errors become HTTP answers: RFC 9457 application/problem+json with
// type, title, status, detail (+ violations / conflicts / field). The client sees only the
// message meant for it; anything unexpected is logged and answered with a generic 500.
#include <exception>

#include "http/message.hpp"
#include "scheduler/time.hpp"

namespace api {

Response problem_response(std::exception_ptr error, const sched::TimeZone& zone);

}  // namespace api
