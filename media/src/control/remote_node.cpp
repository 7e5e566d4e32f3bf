#include "media/remote_node.hpp"

#include <httplib.h>

#include "media/control_codec.hpp"

namespace media {
namespace {
using nlohmann::json;

int port_of(const std::string& text) {
  std::size_t used = 0;
  int port = -1;
  try {
    port = std::stoi(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || port < 1 || port > 65535) throw InvalidInput("a media node's address is host:port");
  return port;
}

json parsed(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded()) throw Unavailable("the media node answered something that is not JSON");
  return j;
}

}  // namespace

RemoteNode::RemoteNode(const std::string& address, std::chrono::seconds timeout) : address_(address), timeout_(timeout) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) throw InvalidInput("a media node's address is host:port");
  host_ = address.substr(0, colon);
  port_ = port_of(address.substr(colon + 1));
}

bool RemoteNode::healthy() {
  try {
    httplib::Client client(host_, port_);
    client.set_connection_timeout(std::chrono::seconds(2));
    client.set_read_timeout(std::chrono::seconds(2));
    const auto r = client.Get("/health");
    return r && r->status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

std::string RemoteNode::call(const std::string& method, const std::string& path, const std::string& body) {
  httplib::Client client(host_, port_);
  client.set_connection_timeout(timeout_);
  client.set_read_timeout(timeout_);
  client.set_write_timeout(timeout_);
  httplib::Request request;
  request.method = method;
  request.path = path;
  if (!body.empty()) {
    request.body = body;
    request.set_header("Content-Type", "application/json");
  }
  const auto result = client.send(request);
  if (!result) throw Unavailable("media node " + address_ + ": " + httplib::to_string(result.error()));
  const auto& r = *result;
  if (r.status < 400) return r.body;
  const auto problem = json::parse(r.body, nullptr, false);
  const std::string detail =
      problem.is_object() && problem.contains("detail") && problem.at("detail").is_string() ? problem.at("detail").get<std::string>() : r.body;
  if (r.status == 404) throw NotFound(detail);
  if (r.status < 500) throw InvalidInput(detail);
  throw Unavailable("media node " + address_ + ": " + detail);
}

std::string RemoteNode::open_session(const SessionOptions& options) {
  const auto j = parsed(call("POST", "/sessions", control::to_json(options).dump()));
  if (!j.is_object() || !j.contains("id") || !j.at("id").is_string()) throw Unavailable("media node: no session id");
  return j.at("id").get<std::string>();
}

void RemoteNode::end_session(const std::string& s) { call("DELETE", "/sessions/" + s); }

LegInfo RemoteNode::add_leg(const std::string& s, const LegOptions& leg) {
  return control::leg_info_from_json(parsed(call("POST", "/sessions/" + s + "/legs", control::to_json(leg).dump())));
}

void RemoteNode::remove_leg(const std::string& s, const std::string& leg) { call("DELETE", "/sessions/" + s + "/legs/" + leg); }

void RemoteNode::set_audio_muted(const std::string& s, const std::string& leg, bool muted) {
  call("PUT", "/sessions/" + s + "/legs/" + leg + "/audio", json{{"muted", muted}}.dump());
}

void RemoteNode::set_video_hidden(const std::string& s, const std::string& leg, bool hidden) {
  call("PUT", "/sessions/" + s + "/legs/" + leg + "/video", json{{"hidden", hidden}}.dump());
}

void RemoteNode::set_layout(const std::string& s, LayoutKind layout) {
  call("PUT", "/sessions/" + s + "/layout", json{{"layout", to_string(layout)}}.dump());
}

void RemoteNode::give_floor(const std::string& s, const std::optional<std::string>& leg) {
  call("PUT", "/sessions/" + s + "/floor", json{{"leg_id", leg ? json(*leg) : json(nullptr)}}.dump());
}

void RemoteNode::start_recording(const std::string& s, const std::string& path) {
  call("POST", "/sessions/" + s + "/recording", json{{"path", path}}.dump());
}

void RemoteNode::stop_recording(const std::string& s) { call("DELETE", "/sessions/" + s + "/recording"); }

SessionStats RemoteNode::session_stats(const std::string& s) {
  try {
    return control::session_stats_from_json(parsed(call("GET", "/sessions/" + s)));
  } catch (const InvalidInput& e) {
    throw Unavailable(std::string("media node answered stats it cannot be read: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw Unavailable(std::string("media node answered stats it cannot be read: ") + e.what());
  }
}

}  // namespace media
