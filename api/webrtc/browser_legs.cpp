#include "webrtc/browser_legs.hpp"

#include <algorithm>

#include "log/log.hpp"
#include "media/sdp_offer.hpp"

namespace api::webrtc {

BrowserLegs::BrowserLegs(media::WebrtcEdge& edge, HallSessionLocator locate, BrowserLegListener listener,
                         int max_pending_per_token, int max_resources_per_room)
    : edge_(edge),
      locate_(std::move(locate)),
      listener_(std::move(listener)),
      max_pending_per_token_(max_pending_per_token),
      max_resources_per_room_(max_resources_per_room) {
  edge_.set_end_listener([this](const std::string& peer, const std::string&, media::PeerEnd why) {
    logging::info("whip: " + peer + " ended: " + media::to_string(why));
    ended(peer);
  });
}

BrowserLegs::~BrowserLegs() { edge_.set_end_listener({}); }

void BrowserLegs::ended(const std::string& peer_id) {
  Resource r;
  {
    std::lock_guard lock(mutex_);
    const auto it = resources_.find(peer_id);
    if (it == resources_.end()) return;
    r = it->second;
    resources_.erase(it);
  }
  if (listener_) listener_(r.meeting_id, r.room_id, r.leg_id, false);
}

Published BrowserLegs::publish(long long room_id, const std::string& token_id, const std::string& sdp_offer) {
  // A bad offer is refused before anything is looked up or built.
  std::string ufrag;
  try {
    ufrag = media::inspect_offer(sdp_offer).ice_ufrag;
  } catch (const std::invalid_argument& e) {
    throw WhipRefusal(400, "Bad offer", e.what());
  }
  {
    std::lock_guard lock(mutex_);
    if (pending_[token_id] >= max_pending_per_token_)
      throw WhipRefusal(429, "Too many requests", "this token already has offers being negotiated");
    const auto live = std::count_if(resources_.begin(), resources_.end(),
                                    [&](const auto& kv) { return kv.second.room_id == room_id; });
    if (live >= max_resources_per_room_)
      throw WhipRefusal(429, "Too many requests", "this hall already publishes; DELETE a session first");
    ++pending_[token_id];
  }
  struct Release {
    BrowserLegs* self;
    const std::string& token;
    ~Release() {
      std::lock_guard lock(self->mutex_);
      if (--self->pending_[token] <= 0) self->pending_.erase(token);
    }
  } release{this, token_id};

  const auto hall = locate_(room_id);
  if (!hall) throw WhipRefusal(409, "Not open", "this hall has no meeting open now (rehearsal or live)");
  media::WebrtcOffer offer;
  offer.session_id = hall->session_id;
  offer.leg.hall_id = std::to_string(room_id);
  offer.leg.display_name = hall->display_name;
  offer.leg.output = hall->output;
  offer.leg.is_host = hall->is_host;
  offer.sdp = sdp_offer;
  media::WebrtcAnswer answer;
  try {
    answer = edge_.offer(offer);
  } catch (const media::InvalidInput& e) {
    throw WhipRefusal(400, "Bad offer", e.what());
  } catch (const media::NotFound&) {
    throw WhipRefusal(409, "Not open", "this hall's meeting closed meanwhile");
  }
  Published out{answer.peer_id, answer.sdp, "\"" + ufrag + "\"", hall->meeting_id};
  {
    std::lock_guard lock(mutex_);
    resources_[answer.peer_id] = Resource{room_id, hall->meeting_id, answer.peer_id, answer.leg_id, out.etag};
  }
  if (listener_) listener_(hall->meeting_id, room_id, answer.leg_id, true);
  return out;
}

void BrowserLegs::trickle(long long room_id, const std::string& resource, const std::optional<std::string>& if_match,
                          const std::string& sdpfrag) {
  std::string etag;
  {
    std::lock_guard lock(mutex_);
    const auto it = resources_.find(resource);
    if (it == resources_.end() || it->second.room_id != room_id)
      throw WhipRefusal(404, "Not found", "no such WHIP session");
    etag = it->second.etag;
  }
  if (if_match && *if_match != "*" && *if_match != etag)
    throw WhipRefusal(412, "Precondition failed", "If-Match does not match this session's ETag");
  try {
    edge_.trickle(resource, sdpfrag);
  } catch (const media::WebrtcEdge::RestartUnsupported& e) {
    throw WhipRefusal(422, "ICE restart not supported", e.what());
  } catch (const media::InvalidInput& e) {
    throw WhipRefusal(400, "Bad fragment", e.what());
  } catch (const media::NotFound&) {
    throw WhipRefusal(404, "Not found", "no such WHIP session");
  }
}

void BrowserLegs::close(long long room_id, const std::string& resource) {
  Resource r;
  {
    std::lock_guard lock(mutex_);
    const auto it = resources_.find(resource);
    if (it == resources_.end() || it->second.room_id != room_id)
      throw WhipRefusal(404, "Not found", "no such WHIP session");
    r = it->second;
    resources_.erase(it);
  }
  try {
    edge_.close(resource);
  } catch (const media::NotFound&) {  // it ended by itself meanwhile
  }
  if (listener_) listener_(r.meeting_id, r.room_id, r.leg_id, false);
}

}  // namespace api::webrtc
