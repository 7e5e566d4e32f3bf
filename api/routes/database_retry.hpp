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

// `lost(error)` tells whether `error` is a lost database connection (and lets the pool drop
// the connections that went with it).
void add_database_retry(Router& router, std::function<bool(std::exception_ptr)> lost);

// Whether the request may be run a second time without changing what it does.
bool safe_to_retry(const Request& req);

}  // namespace api
