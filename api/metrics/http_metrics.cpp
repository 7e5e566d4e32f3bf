#include "metrics/http_metrics.hpp"

#include <array>
#include <string_view>

namespace api::metrics {

namespace {

const std::string& bounded_method(const std::string& method) {
  static const std::array<std::string, 7> known = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  static const std::string other = "other";
  for (const auto& k : known)
    if (k == method) return k;
  return other;
}

}  // namespace

HttpMetrics::HttpMetrics(Registry& registry)
    : requests_(registry.counter("meetingd_http_requests_total", "HTTP requests answered, by route pattern and status.",
                                 {"method", "route", "status"})),
      duration_(registry.histogram("meetingd_http_request_duration_seconds",
                                   "Time from receiving a request to having sent its answer, in seconds.",
                                   {"method", "route"}, latency_buckets())) {}

void HttpMetrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  const std::string& m = bounded_method(method);
  const std::string r = route.empty() ? "unmatched" : route;
  requests_.inc({m, r, std::to_string(status)});
  duration_.observe({m, r}, seconds);
}

RequestObserver HttpMetrics::observer() {
  return [this](const std::string& method, const std::string& route, int status, double seconds) {
    observe(method, route, status, seconds);
  };
}

}  // namespace api::metrics
