#pragma once
// When PostgreSQL drops a connection (a restart, a failover, an idle cut), the request that
// happens to use it first would fail. This wraps every route: a request that failed because
// its database connection was lost is run once more on a fresh connection when running it
// twice cannot do harm (reads, and writes carrying an Idempotency-Key); otherwise, or when
// the second run fails the same way, the client gets 503 with Retry-After, never a 500.
#include <exception>
#include <functional>

#include "http/router.hpp"

namespace api {

enum class DatabaseTrouble {
  none,             // not a database failure (or one the error mapper already knows)
  connection_lost,  // the connection is gone or leads to a standby: run again if safe
  out_of_resources  // the server is full (disk, memory, connections): 503, never a 500
};

// `classify(error)` tells what `error` says of the database (and lets the pool drop the
// connections that went with a lost one).
void add_database_retry(Router& router, std::function<DatabaseTrouble(std::exception_ptr)> classify);

// Whether the request may be run a second time without changing what it does.
bool safe_to_retry(const Request& req);

}  // namespace api
