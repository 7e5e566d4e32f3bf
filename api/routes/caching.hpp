#pragma once
// Read caching for the API: a GET of a resource whose answer depends only on stored data
// and the caller is served from memory while no data has changed anywhere (ChangeCounter);
// every other request that may write announces it, so this process reads its own writes
// at once (other processes learn of them through PostgreSQL notifications).
#include "http/response_cache.hpp"
#include "http/router.hpp"
#include "scheduler/repositories.hpp"

namespace api {

// Whether a route's answers may be kept (GETs of stored data only).
bool cacheable(const Route& route);

void add_read_caching(Router& router, ResponseCache& cache, sched::ChangeCounter& changes);

}  // namespace api
