// /healthz (the process answers), /readyz (the database answers), /v1/openapi.json.
#include "openapi/openapi.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"

namespace api {

void add_system_routes(Router& router, Services& s) {
  router.add("GET", "/healthz", [](Request&) { return json_response(200, {{"status", "ok"}}); });
  router.add("GET", "/readyz", [&s](Request&) {
    if (s.database_ready()) return json_response(200, {{"status", "ready"}, {"database", "ok"}});
    return json_response(503, {{"status", "not ready"}, {"database", "unreachable"}});
  });
  router.add("GET", "/v1/openapi.json", [](Request&) { return Response::json(200, openapi_document()); });
}

}  // namespace api
