#include "api_fixture.hpp"

namespace e2e {

World& world() {
  static World w;
  return w;
}

Answer call(const std::string& method, const std::string& path, const std::string& token,
            const std::optional<std::string>& body, const std::string& extra_headers, const std::string& content_type) {
  return call_at(world().server->port(), method, path, token, body, extra_headers, content_type);
}

Answer call_at(int port, const std::string& method, const std::string& path, const std::string& token,
               const std::optional<std::string>& body, const std::string& extra_headers,
               const std::string& content_type) {
  testing_support::HttpClient client(port);
  std::string headers;
  if (!token.empty()) headers += "Authorization: Bearer " + token;
  if (body) headers += std::string(headers.empty() ? "" : "\r\n") + "Content-Type: " + content_type;
  if (!extra_headers.empty()) headers += std::string(headers.empty() ? "" : "\r\n") + extra_headers;
  Answer a;
  a.raw = client.request(method, path, headers, body);
  a.status = a.raw.status;
  a.text = a.raw.body;
  a.body = json::parse(a.text, nullptr, false);
  if (a.body.is_discarded()) a.body = nullptr;
  return a;
}

std::string issue_token(const std::string& role, std::optional<long long> org_id, std::optional<long long> room_id,
                        const std::string& by) {
  json body = {{"role", role}};
  if (org_id) body["org_id"] = *org_id;
  if (room_id) body["room_id"] = *room_id;
  auto a = call("POST", "/v1/tokens", by, body.dump());
  if (a.status != 201) throw std::runtime_error("token not issued: " + a.text);
  return a.body.at("token").get<std::string>();
}

long long org_id(const std::string& code, const std::string& as_of) {
  for (int offset = 0; offset < 2000; offset += 500) {
    auto a = call("GET", "/v1/orgs?as_of=" + as_of + "&limit=500&offset=" + std::to_string(offset), kAdmin);
    for (const auto& o : a.body.at("items"))
      if (o.at("code") == code) return o.at("id").get<long long>();
  }
  throw std::runtime_error("no org " + code);
}

long long room_of_org(long long org) {
  auto a = call("GET", "/v1/rooms?org=" + std::to_string(org), kAdmin);
  return a.body.at("items").at(0).at("id").get<long long>();
}

long long meeting_count() { return call("GET", "/v1/meetings?limit=1", kAdmin).body.at("total").get<long long>(); }

json meeting_body(const std::string& start, const std::string& end, long long host_room, std::vector<long long> rooms,
                  const std::string& chair, long long organiser) {
  return {{"title", "Họp kiểm thử"},
          {"type", "other"},
          {"organiser_org_id", organiser},
          {"chair", {{"name", chair}, {"position", "Phó Chủ tịch"}}},
          {"host_room_id", host_room},
          {"room_ids", rooms},
          {"start", start},
          {"end", end}};
}

}  // namespace e2e
