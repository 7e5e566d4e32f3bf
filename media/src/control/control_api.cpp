#include "media/control_api.hpp"

#include <sstream>
#include <vector>

#include "../gst/log.hpp"
#include "media/control_codec.hpp"
#include "media/webrtc_edge.hpp"

namespace media {
namespace {
using nlohmann::json;

struct MethodNotAllowed {};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::string query_free = path.substr(0, path.find('?'));
  std::stringstream s(query_free);
  std::string part;
  while (std::getline(s, part, '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

ControlResponse problem(int status, const std::string& title, const std::string& detail) {
  json j{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  return {status, "application/problem+json", j.dump()};
}

ControlResponse ok(const json& j, int status = 200) { return {status, "application/json", j.dump()}; }
ControlResponse no_content() { return {204, "application/json", ""}; }

json parse_body(const std::string& body) {
  if (body.empty()) return json::object();
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    throw InvalidInput(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace

ControlResponse ControlApi::handle(const std::string& method, const std::string& path, const std::string& body) {
  try {
    return route(method, path, body);
  } catch (const WebrtcEdge::RestartUnsupported& e) {
    return problem(422, "Unprocessable", e.what());
  } catch (const InvalidInput& e) {
    return problem(400, "Invalid input", e.what());
  } catch (const json::exception& e) {
    return problem(400, "Invalid input", e.what());
  } catch (const NotFound& e) {
    return problem(404, "Not found", e.what());
  } catch (const MethodNotAllowed&) {
    return problem(405, "Method not allowed", method + " is not allowed on " + path);
  } catch (const Unavailable& e) {
    gst::log_warn(method + " " + path + ": " + e.what());
    return problem(503, "Unavailable", "the media node cannot do this now");
  } catch (const std::exception& e) {
    gst::log_warn(method + " " + path + ": " + e.what());
    return problem(500, "Internal error", "see the media node's log");
  }
}

ControlResponse ControlApi::route(const std::string& method, const std::string& path, const std::string& body) {
  const auto p = split_path(path);
  const auto is = [&](const char* m) { return method == m; };
  if (p.size() == 1 && p[0] == "health") {
    if (!is("GET")) throw MethodNotAllowed{};
    return ok({{"status", "ok"}, {"sessions", node_.session_ids().size()}});
  }
  if (p.empty() || p[0] != "sessions") throw NotFound("no route " + path);
  if (p.size() == 1) {
    if (is("GET")) return ok(node_.session_ids());
    if (is("POST")) {
      const auto session = node_.create_session(control::session_options_from_json(parse_body(body)));
      return ok({{"id", session->id()}}, 201);
    }
    throw MethodNotAllowed{};
  }
  const std::string& sid = p[1];
  if (p.size() == 2) {
    if (is("GET")) return ok(control::to_json(node_.session_stats(sid)));
    if (is("DELETE")) {
      node_.end_session(sid);
      return no_content();
    }
    throw MethodNotAllowed{};
  }
  const auto session = node_.session(sid);
  const std::string& what = p[2];
  if (p.size() == 3 && what == "legs") {
    if (!is("POST")) throw MethodNotAllowed{};
    return ok(control::to_json(session->add_leg(control::leg_options_from_json(parse_body(body)))), 201);
  }
  if (p.size() == 3 && what == "layout") {
    if (!is("PUT")) throw MethodNotAllowed{};
    const auto kind = parse_layout(control::string_field(parse_body(body), "layout"));
    if (!kind) throw InvalidInput("layout must be grid, speaker or host");
    session->set_layout(*kind);
    return no_content();
  }
  if (p.size() == 3 && what == "floor") {
    if (!is("PUT")) throw MethodNotAllowed{};
    const json j = parse_body(body);
    if (!j.is_object() || j.size() != 1 || !j.contains("leg_id")) throw InvalidInput("body must be {\"leg_id\": ...}");
    if (j.at("leg_id").is_null()) {
      session->give_floor(std::nullopt);
    } else {
      session->give_floor(control::string_field(j, "leg_id"));
    }
    return no_content();
  }
  if (p.size() == 3 && what == "recording") {
    if (is("POST")) {
      session->start_recording(control::string_field(parse_body(body), "path"));
      return no_content();
    }
    if (is("DELETE")) {
      session->stop_recording();
      return no_content();
    }
    throw MethodNotAllowed{};
  }
  if (what == "webrtc" && edge_) {
    if (p.size() == 3) {
      if (!is("POST")) throw MethodNotAllowed{};
      return ok(control::to_json(edge_->offer(control::webrtc_offer_from_json(sid, parse_body(body)))), 201);
    }
    if (p.size() == 4 && is("PATCH")) {
      edge_->trickle(p[3], control::string_field(parse_body(body), "sdpfrag"));
      return no_content();
    }
    if (p.size() == 4 && is("DELETE")) {
      edge_->close(p[3]);
      return no_content();
    }
    throw MethodNotAllowed{};
  }
  if (p.size() >= 4 && what == "legs") {
    const std::string& leg = p[3];
    if (p.size() == 4) {
      if (!is("DELETE")) throw MethodNotAllowed{};
      session->remove_leg(leg);
      return no_content();
    }
    if (p.size() == 5 && p[4] == "audio") {
      if (!is("PUT")) throw MethodNotAllowed{};
      session->set_audio_muted(leg, control::bool_field(parse_body(body), "muted"));
      return no_content();
    }
    if (p.size() == 5 && p[4] == "video") {
      if (!is("PUT")) throw MethodNotAllowed{};
      session->set_video_hidden(leg, control::bool_field(parse_body(body), "hidden"));
      return no_content();
    }
  }
  throw NotFound("no route " + path);
}

}  // namespace media
