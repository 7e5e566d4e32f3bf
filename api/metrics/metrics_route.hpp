#pragma once
// GET /metrics: the registry in the Prometheus text format 0.0.4.
//
// Behind a bearer token (admin or monitor): the page tells how busy every session and hall
// is, which is nobody else's business. Prometheus sends the token from a file
// (`authorization.credentials_file`, see deploy/prometheus/prometheus.yml). The page holds
// counts and timings only (route patterns, never paths, ids or names).
//
// It is not part of the public API: it is registered apart from add_all_routes(), so the
// OpenAPI document does not list it, and after add_read_caching() so it is never cached.
#include <functional>

#include "http/router.hpp"
#include "metrics/registry.hpp"

namespace api::metrics {

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

// `registry` must outlive the router's use; `guard` throws (401/403) for a caller who may not read it.
void add_metrics_route(Router& router, const Registry& registry, std::function<void(const Request&)> guard);

}  // namespace api::metrics
