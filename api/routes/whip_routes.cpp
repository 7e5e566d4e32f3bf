// WHIP (RFC 9725): a browser hall (or any WHIP client) publishes into its open meeting.
//   POST    /v1/rooms/{id}/whip              application/sdp offer -> 201 answer, Location, ETag
//   PATCH   /v1/rooms/{id}/whip/{resource}   application/trickle-ice-sdpfrag -> 204 (422: ICE restart)
//   DELETE  /v1/rooms/{id}/whip/{resource}   -> 200, the leg leaves
//   OPTIONS both                             CORS preflight, Accept-Post
// The answer is sendrecv when the offer is: the hall receives the composite and its
// mix-minus on the same peer connection (a strict WHIP client offers sendonly and gets
// recvonly). Auth: the hall's bearer token (or admin), never in the URL.
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"
#include "webrtc/browser_legs.hpp"

namespace api {
namespace {

constexpr const char* kExposed = "Location, ETag, Link, Accept-Post, Accept-Patch";

void cors(Response& r, const std::string& methods) {
  // Bearer tokens, never cookies: any origin may call (the token is the credential).
  r.headers["Access-Control-Allow-Origin"] = "*";
  r.headers["Access-Control-Allow-Methods"] = methods;
  r.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, If-Match";
  r.headers["Access-Control-Expose-Headers"] = kExposed;
}

webrtc::BrowserLegs& legs(Services& s) {
  if (s.browser_legs == nullptr) throw HttpError(503, "Unavailable", "no WebRTC edge runs in this process");
  return *s.browser_legs;
}

std::string media_type(const Request& req) {
  auto type = req.header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type;
}

long long hall_room(const Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {sched::Role::admin, sched::Role::hall});
  const long long room = path_id(req);
  if (!p.covers_room(room)) throw forbidden("a hall publishes only as its own room");
  return room;
}

template <class F>
Response refusals_as_http(F&& f) {
  try {
    return f();
  } catch (const webrtc::WhipRefusal& e) {
    throw HttpError(e.status, e.title, e.what());
  }
}

Response publish(Request& req, Services& s) {
  const long long room = hall_room(req, s);
  if (media_type(req) != "application/sdp") throw unsupported_media_type("send the offer as application/sdp");
  return refusals_as_http([&] {
    const auto token = authenticate(req, s).token.id;
    const auto out = legs(s).publish(room, std::to_string(token), req.body);
    Response r;
    r.status = 201;
    r.content_type = "application/sdp";
    r.body = out.answer;
    r.headers["Location"] = "/v1/rooms/" + std::to_string(room) + "/whip/" + out.resource;
    r.headers["ETag"] = out.etag;
    r.headers["Accept-Patch"] = "application/trickle-ice-sdpfrag";
    cors(r, "POST, OPTIONS");
    return r;
  });
}

Response trickle(Request& req, Services& s) {
  const long long room = hall_room(req, s);
  if (media_type(req) != "application/trickle-ice-sdpfrag")
    throw unsupported_media_type("send candidates as application/trickle-ice-sdpfrag");
  return refusals_as_http([&] {
    legs(s).trickle(room, req.params.at("resource"), req.header("If-Match"), req.body);
    Response r = Response::empty(204);
    cors(r, "PATCH, DELETE, OPTIONS");
    return r;
  });
}

Response leave(Request& req, Services& s) {
  const long long room = hall_room(req, s);
  return refusals_as_http([&] {
    legs(s).close(room, req.params.at("resource"));
    Response r = Response::empty(200);
    cors(r, "PATCH, DELETE, OPTIONS");
    return r;
  });
}

Response preflight(const std::string& methods, bool endpoint) {
  Response r = Response::empty(204);
  cors(r, methods);
  if (endpoint) r.headers["Accept-Post"] = "application/sdp";
  else r.headers["Accept-Patch"] = "application/trickle-ice-sdpfrag";
  return r;
}

}  // namespace

void add_whip_routes(Router& router, Services& s) {
  router.add("POST", "/v1/rooms/{id}/whip", [&s](Request& r) { return publish(r, s); });
  router.add("OPTIONS", "/v1/rooms/{id}/whip", [](Request&) { return preflight("POST, OPTIONS", true); });
  router.add("PATCH", "/v1/rooms/{id}/whip/{resource}", [&s](Request& r) { return trickle(r, s); });
  router.add("DELETE", "/v1/rooms/{id}/whip/{resource}", [&s](Request& r) { return leave(r, s); });
  router.add("OPTIONS", "/v1/rooms/{id}/whip/{resource}",
             [](Request&) { return preflight("PATCH, DELETE, OPTIONS", false); });
}

}  // namespace api
