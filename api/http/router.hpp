#pragma once
// Routes "METHOD /path/{param}" to handlers. Unknown paths answer 404, known paths with
// another method 405 (with Allow). The route table is also what the OpenAPI test checks.
#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace api {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/v1/meetings/{id}/cancel"
  Handler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Fills req.params and req.route; throws HttpError 404/405 when nothing matches.
  [[nodiscard]] const Route& match(Request& req) const;
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }
  // Replaces every route's handler with decorate(route) (e.g. caching); call before serving.
  void decorate(const std::function<Handler(const Route&)>& decorate);

 private:
  std::vector<Route> routes_;
};

}  // namespace api
