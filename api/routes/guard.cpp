#include "routes/guard.hpp"

#include <algorithm>
#include <charconv>

#include "auth/token_crypto.hpp"
#include "http/http_error.hpp"
#include "wire/json_reader.hpp"

namespace api {

auth::Principal authenticate(const Request& req, Services& s, bool allow_query_token) {
  std::string secret;
  if (auto h = req.header("Authorization")) {
    const std::string prefix = "Bearer ";
    if (h->size() <= prefix.size() || !std::equal(prefix.begin(), prefix.end(), h->begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      throw unauthorized("use Authorization: Bearer <token>");
    secret = h->substr(prefix.size());
  } else if (auto q = req.query_param("token"); q && allow_query_token) {
    secret = *q;
  } else {
    throw unauthorized("a bearer token is required");
  }
  if (secret.size() > 200) throw unauthorized("the token is not valid");
  const auto hash = auth::hash_token(secret);
  const auto generation = s.principals.generation();
  if (auto known = s.principals.get(hash, generation)) return *known;
  auto token = s.access.token_by_hash(hash);
  if (!token || token->revoked) throw unauthorized("the token is not valid");
  auth::Principal p{*token, {}, {}};
  if ((token->role == sched::Role::secretariat || token->role == sched::Role::monitor) && token->org_id) {
    p.orgs = s.orgs.subtree_ids_any_date(*token->org_id);
    sched::RoomFilter f;
    f.org_ids = p.orgs;
    for (const auto& r : s.rooms.list_rooms(f, {100000, 0}).items) p.rooms.push_back(r.id);
  } else if (token->role == sched::Role::hall && token->room_id) {
    p.rooms = {*token->room_id};
  }
  std::sort(p.orgs.begin(), p.orgs.end());
  std::sort(p.rooms.begin(), p.rooms.end());
  s.principals.put(hash, generation, p);
  return p;
}

void require_role(const auth::Principal& p, std::initializer_list<sched::Role> roles) {
  for (auto r : roles)
    if (p.is(r)) return;
  throw forbidden("the " + std::string(to_string(p.token.role)) + " role may not do this");
}

nlohmann::json json_body(const Request& req) {
  auto type = req.header("Content-Type").value_or("");
  const auto semi = type.find(';');
  std::string base = type.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (base != "application/json" && base != "application/merge-patch+json")
    throw unsupported_media_type("send the body as application/json");
  return wire::parse_object(req.body);
}

sched::Page paging(const Request& req) {
  sched::Page p;
  auto number = [&](const std::string& name, int min, int max, int fallback) {
    auto v = req.query_param(name);
    if (!v) return fallback;
    long long n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max)
      throw bad_request(name + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    return static_cast<int>(n);
  };
  p.limit = number("limit", 1, 500, 50);
  p.offset = number("offset", 0, 100000000, 0);
  return p;
}

long long path_id(const Request& req, const std::string& name) {
  return wire::parse_id(name, req.params.at(name));
}

std::string etag_of(long long version) { return "\"v" + std::to_string(version) + "\""; }

long long require_if_match(const Request& req, long long current_version) {
  auto h = req.header("If-Match");
  if (!h) throw precondition_required("send If-Match with the meeting's ETag");
  if (*h == "*") return current_version;
  // A list of ETags may be sent; weak ones never match (RFC 9110 §13.1.1).
  std::size_t start = 0;
  while (start < h->size()) {
    auto end = h->find(',', start);
    if (end == std::string::npos) end = h->size();
    std::string tag = h->substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
    while (!tag.empty() && tag.back() == ' ') tag.pop_back();
    if (tag == etag_of(current_version)) return current_version;
    start = end + 1;
  }
  throw precondition_failed("the meeting has changed; fetch it again and retry with its new ETag");
}

Response json_response(int status, const nlohmann::json& body) {
  return Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace api
