#include "routes/database_retry.hpp"

#include "scheduler/errors.hpp"

namespace api {

bool safe_to_retry(const Request& req) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return true;
  return req.header("Idempotency-Key").has_value();
}

void add_database_retry(Router& router, std::function<DatabaseTrouble(std::exception_ptr)> classify) {
  router.decorate([classify](const Route& route) -> Handler {
    return [handler = route.handler, classify](Request& req) {
      try {
        return handler(req);
      } catch (...) {
        switch (classify(std::current_exception())) {
          case DatabaseTrouble::none: throw;
          case DatabaseTrouble::out_of_resources: throw sched::Unavailable("the database is out of resources");
          case DatabaseTrouble::connection_lost:
            if (!safe_to_retry(req)) throw sched::Unavailable("the database connection was lost; try again");
        }
      }
      try {
        return handler(req);
      } catch (...) {
        if (classify(std::current_exception()) != DatabaseTrouble::none)
          throw sched::Unavailable("the database cannot be reached; try again");
        throw;
      }
    };
  });
}

}  // namespace api
