#include "metrics/metrics_route.hpp"

namespace api::metrics {

void add_metrics_route(Router& router, const Registry& registry, std::function<void(const Request&)> guard) {
  router.add("GET", "/metrics", [&registry, guard = std::move(guard)](Request& req) {
    guard(req);
    Response r;
    r.status = 200;
    r.content_type = kExpositionContentType;
    r.body = registry.render();
    return r;
  });
}

}  // namespace api::metrics
