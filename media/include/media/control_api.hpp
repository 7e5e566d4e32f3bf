#pragma once
// The media node's control API as plain request -> response, independent of the
// HTTP library: media-node serves it over HTTP, tests call it directly.
//
// Routes (JSON bodies; errors are RFC 9457 problem+json):
//   GET    /health
//   POST   /sessions                               {layout, framerate, outputs, loudest_k, max_visible, video}
//   GET    /sessions
//   GET    /sessions/{s}                           stats and health of every leg
//   DELETE /sessions/{s}
//   POST   /sessions/{s}/legs                      {hall_id, display_name, output, is_host, video, audio}
//   DELETE /sessions/{s}/legs/{l}
//   PUT    /sessions/{s}/legs/{l}/audio            {"muted": bool}
//   PUT    /sessions/{s}/legs/{l}/video            {"hidden": bool}
//   PUT    /sessions/{s}/layout                    {"layout": "grid"|"speaker"|"host"}
//   PUT    /sessions/{s}/floor                     {"leg_id": "leg-1" | null}
//   POST   /sessions/{s}/recording                 {"path": "/var/lib/.../x.mkv"}
//   DELETE /sessions/{s}/recording
//   POST   /sessions/{s}/webrtc                    {hall_id, display_name, output, is_host, sdp} -> {peer_id, leg_id, sdp}
//   PATCH  /sessions/{s}/webrtc/{p}                {"sdpfrag": "..."} (trickle ICE; 422 for an ICE restart)
//   DELETE /sessions/{s}/webrtc/{p}
#include <string>

#include "media/node.hpp"

namespace media {

struct ControlResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class WebrtcEdge;

class ControlApi {
 public:
  // Without an edge the webrtc routes answer 404.
  explicit ControlApi(Node& node, WebrtcEdge* edge = nullptr) : node_(node), edge_(edge) {}
  // Never throws: every failure becomes a problem+json response; internal
  // details go to the log, not to the client.
  ControlResponse handle(const std::string& method, const std::string& path, const std::string& body);

 private:
  ControlResponse route(const std::string& method, const std::string& path, const std::string& body);
  Node& node_;
  WebrtcEdge* edge_;
};

}  // namespace media
