#include "metrics/metrics_route.hpp"

namespace api::metrics {

void add_metrics_route(Router& router, const Registry& registry) {
  router.add("GET", "/metrics", [&registry](Request&) {
    Response r;
    r.status = 200;
    r.content_type = kExpositionContentType;
    r.body = registry.render();
    return r;
  });
}

}  // namespace api::metrics
