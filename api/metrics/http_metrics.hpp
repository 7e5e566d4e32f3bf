#pragma once
// The API's own request metrics, fed by the server's RequestObserver:
//   meetingd_http_requests_total{method,route,status}          counter
//   meetingd_http_request_duration_seconds{method,route}       histogram (1 ms … 10 s)
// `route` is the matched pattern ("/v1/meetings/{id}") or "unmatched", never the raw path,
// and an unusual method is counted as "other": the number of series stays bounded whatever
// clients send.
#include <string>

#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace api::metrics {

class HttpMetrics {
 public:
  explicit HttpMetrics(Registry& registry);  // declares both families; keep `registry` alive

  // Matches RequestObserver: method, route pattern ("" when unmatched), status, seconds.
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // A RequestObserver calling observe(); this object must outlive the server using it.
  [[nodiscard]] RequestObserver observer();

 private:
  Counter& requests_;
  Histogram& duration_;
};

}  // namespace api::metrics
