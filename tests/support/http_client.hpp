#pragma once
// The tests call the service with the service's own small HTTP client.
#include "http/http_client.hpp"

namespace testing_support {
using api::HttpClient;
using api::HttpResponse;
}  // namespace testing_support
