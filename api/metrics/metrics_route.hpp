#pragma once
// GET /metrics: the registry in the Prometheus text format 0.0.4.
//
// Deliberately unauthenticated: Prometheus scrapes it over loopback (deploy/prometheus),
// and the service listens on 127.0.0.1 by default. The page holds counts and timings only
// (route patterns, never paths, ids or names). If the service ever listens on a public
// address, put /metrics behind the reverse proxy's allow-list rather than exposing it.
//
// It is not part of the public API: it is registered apart from add_all_routes(), so the
// OpenAPI document does not list it, and after add_read_caching() so it is never cached.
#include "http/router.hpp"
#include "metrics/registry.hpp"

namespace api::metrics {

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

// `registry` must outlive the router's use.
void add_metrics_route(Router& router, const Registry& registry);

}  // namespace api::metrics
