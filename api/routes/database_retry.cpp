#include "routes/database_retry.hpp"

#include <string>

#include "scheduler/errors.hpp"

namespace api {

namespace {

// The database's own words, first line only, for the log.
std::string reason(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    std::string text = e.what();
    return text.substr(0, text.find('\n'));
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace

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
          case DatabaseTrouble::out_of_resources:  // the log says why (disk full, ...); the client gets 503 only
            throw sched::Unavailable("the database is out of resources: " + reason(std::current_exception()));
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
