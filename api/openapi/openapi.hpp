#pragma once
// The OpenAPI 3.1 document of the service (api/openapi/openapi.json, embedded at build).
#include <string>

namespace api {

const std::string& openapi_document();

}  // namespace api
