#pragma once
// Shared request checks of the route handlers: authentication, roles, scopes, JSON bodies,
// paging, ETags.
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "auth/principal.hpp"
#include "http/message.hpp"
#include "routes/services.hpp"
#include "scheduler/repositories.hpp"

namespace api {

// The caller from "Authorization: Bearer <token>" (or ?token= where `allow_query_token`,
// for calendar feeds that programs subscribe to by URL). 401 when absent, unknown or revoked.
auth::Principal authenticate(const Request& req, Services& s, bool allow_query_token = false);

// 403 unless the caller has one of `roles`.
void require_role(const auth::Principal& p, std::initializer_list<sched::Role> roles);

// 415 unless the body is declared as JSON; then the parsed object (400 when malformed).
nlohmann::json json_body(const Request& req);

sched::Page paging(const Request& req);  // limit 1..500 (default 50), offset >= 0; 400 otherwise
long long path_id(const Request& req, const std::string& name = "id");

std::string etag_of(long long version);  // "\"v7\""
// If-Match against the current version: 428 when absent, 412 when it does not match.
long long require_if_match(const Request& req, long long current_version);

Response json_response(int status, const nlohmann::json& body);

}  // namespace api
