#include "routes/database_retry.hpp"

#include "scheduler/errors.hpp"

namespace api {

bool safe_to_retry(const Request& req) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return true;
  return req.header("Idempotency-Key").has_value();
}

void add_database_retry(Router& router, std::function<bool(std::exception_ptr)> lost) {
  router.decorate([lost](const Route& route) -> Handler {
    return [handler = route.handler, lost](Request& req) {
      try {
        return handler(req);
      } catch (...) {
        if (!lost(std::current_exception())) throw;
        if (!safe_to_retry(req)) throw sched::Unavailable("the database connection was lost; try again");
      }
      try {
        return handler(req);
      } catch (...) {
        if (lost(std::current_exception())) throw sched::Unavailable("the database cannot be reached; try again");
        throw;
      }
    };
  });
}

}  // namespace api
