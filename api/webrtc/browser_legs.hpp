#pragma once
// Browser halls over WHIP (RFC 9725): each published resource is one peer connection
// of media's WebRTC edge, i.e. one leg of the hall's open meeting's session. What this
// needs from the conductor is one function, `HallSessionLocator`: the session that the
// hall's open meeting (rehearsal or live) runs on this process's node. What it tells the
// conductor is `BrowserLegListener`: a browser leg joined or left a meeting (attendance,
// moderation and health then treat that leg as the hall's).
//
// Limits: at most `max_pending_per_token` offers of one token are negotiated at once
// (the others get 429), at most `max_resources_per_room` resources live per hall.
// Threading: every method may be called from any HTTP worker.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "media/webrtc_edge.hpp"

namespace api::webrtc {

struct HallSession {
  long long meeting_id = 0;
  std::string session_id;  // on the node the edge serves
  std::string display_name;
  std::string output = "hd";
  bool is_host = false;
};
using HallSessionLocator = std::function<std::optional<HallSession>(long long room_id)>;
using BrowserLegListener =
    std::function<void(long long meeting_id, long long room_id, const std::string& leg_id, bool joined)>;

struct Published {
  std::string resource;  // the id in the Location URL
  std::string answer;
  std::string etag;      // changes never (no ICE restart): the ICE ufrag of the offer
  long long meeting_id = 0;
};

// Thrown for what the client must change: an HTTP 4xx with this status.
struct WhipRefusal : std::runtime_error {
  WhipRefusal(int http_status, std::string http_title, const std::string& detail)
      : std::runtime_error(detail), status(http_status), title(std::move(http_title)) {}
  int status;
  std::string title;
};

class BrowserLegs {
 public:
  BrowserLegs(media::WebrtcEdge& edge, HallSessionLocator locate, BrowserLegListener listener = {},
              int max_pending_per_token = 2, int max_resources_per_room = 2);
  ~BrowserLegs();
  BrowserLegs(const BrowserLegs&) = delete;
  BrowserLegs& operator=(const BrowserLegs&) = delete;

  // 409 when the hall has no open meeting, 400 for a bad offer, 429 over the limits.
  Published publish(long long room_id, const std::string& token_id, const std::string& sdp_offer);
  // 404 unknown resource, 412 If-Match not the ETag, 422 ICE restart, 400 bad fragment.
  void trickle(long long room_id, const std::string& resource, const std::optional<std::string>& if_match,
               const std::string& sdpfrag);
  void close(long long room_id, const std::string& resource);  // 404 unknown resource

 private:
  struct Resource {
    long long room_id = 0;
    long long meeting_id = 0;
    std::string peer_id;
    std::string leg_id;
    std::string etag;
  };
  void ended(const std::string& peer_id);

  media::WebrtcEdge& edge_;
  HallSessionLocator locate_;
  BrowserLegListener listener_;
  const int max_pending_per_token_;
  const int max_resources_per_room_;
  std::mutex mutex_;
  std::map<std::string, int> pending_;  // token id -> offers being negotiated
  std::map<std::string, Resource> resources_;  // resource id (= peer id) -> what it is
};

}  // namespace api::webrtc
