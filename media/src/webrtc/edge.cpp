#include <gst/gst.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "log.hpp"
#include "media/webrtc_edge.hpp"
#include "peer.hpp"

namespace media {

const char* to_string(PeerEnd end) {
  switch (end) {
    case PeerEnd::closed: return "closed";
    case PeerEnd::vanished: return "vanished";
    case PeerEnd::failed: return "failed";
    case PeerEnd::session_gone: return "session_gone";
  }
  return "?";
}

// One peer and the lock that serialises what is done to it (statistics, trickle,
// close), so closing never races a get-stats in flight.
struct PeerEntry {
  std::mutex mutex;
  std::unique_ptr<webrtc::Peer> peer;
};

struct WebrtcEdge::State {
  Node& node;
  WebrtcEdgeOptions options;
  mutable std::mutex mutex;  // guards peers, listener, next_id; never held while a peer is built or closed
  std::map<std::string, std::shared_ptr<PeerEntry>> peers;
  std::size_t building = 0;
  EndListener listener;
  std::uint64_t next_id = 1;
  std::atomic<bool> running{true};
  std::condition_variable wake;
  std::thread monitor;

  State(Node& n, WebrtcEdgeOptions o) : node(n), options(std::move(o)) {}
  void watch();
  std::shared_ptr<PeerEntry> take(const std::string& peer_id);
};

std::shared_ptr<PeerEntry> WebrtcEdge::State::take(const std::string& peer_id) {
  std::lock_guard lock(mutex);
  const auto it = peers.find(peer_id);
  if (it == peers.end()) return nullptr;
  auto entry = it->second;
  peers.erase(it);
  return entry;
}

// Every half second: end peers whose browser went silent or whose connection
// failed; every second: feed what each browser reports into its leg's health.
void WebrtcEdge::State::watch() {
  bool report = false;
  while (running) {
    {
      std::unique_lock lock(mutex);
      wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return !running.load(); });
      if (!running) return;
    }
    report = !report;
    std::vector<std::pair<std::string, std::shared_ptr<PeerEntry>>> snapshot;
    {
      std::lock_guard lock(mutex);
      for (const auto& [id, entry] : peers)
        if (entry) snapshot.emplace_back(id, entry);
    }
    for (auto& [id, entry] : snapshot) {
      std::optional<PeerEnd> end;
      std::string leg_id;
      {
        std::lock_guard peer_lock(entry->mutex);
        if (!entry->peer) continue;
        leg_id = entry->peer->leg_id();
        end = entry->peer->due_end(g_get_monotonic_time(), options);
        if (!end && report) {
          try {
            entry->peer->report_browser_statistics();
          } catch (const NotFound&) {
            end = PeerEnd::session_gone;
          } catch (const std::exception& e) {
            gst::log_warn("webrtc " + id + ": statistics: " + e.what());
          }
        }
      }
      if (!end) continue;
      gst::log_info("webrtc " + id + ": ended (" + to_string(*end) + ")");
      if (auto taken = take(id)) {
        std::lock_guard peer_lock(taken->mutex);
        taken->peer.reset();
      }
      EndListener notify;
      {
        std::lock_guard lock(mutex);
        notify = listener;
      }
      if (notify) notify(id, leg_id, *end);
    }
  }
}

WebrtcEdge::WebrtcEdge(Node& node, WebrtcEdgeOptions options)
    : state_(std::make_unique<State>(node, std::move(options))) {
  if (!gst_is_initialized()) gst_init(nullptr, nullptr);
  if (state_->options.ice_port_min > state_->options.ice_port_max) throw InvalidInput("ICE port range is empty");
  state_->monitor = std::thread([s = state_.get()] { s->watch(); });
}

WebrtcEdge::~WebrtcEdge() {
  state_->running = false;
  state_->wake.notify_all();
  if (state_->monitor.joinable()) state_->monitor.join();
  std::map<std::string, std::shared_ptr<PeerEntry>> peers;
  {
    std::lock_guard lock(state_->mutex);
    peers.swap(state_->peers);
  }
  for (auto& [id, entry] : peers) {
    std::lock_guard peer_lock(entry->mutex);
    entry->peer.reset();
  }
}

void WebrtcEdge::set_end_listener(EndListener listener) {
  std::lock_guard lock(state_->mutex);
  state_->listener = std::move(listener);
}

WebrtcAnswer WebrtcEdge::offer(const WebrtcOffer& offer) {
  OfferSummary summary;
  try {
    summary = inspect_offer(offer.sdp);
  } catch (const std::invalid_argument& e) {
    throw InvalidInput(e.what());
  }
  auto session = state_->node.session(offer.session_id);  // throws NotFound
  std::string id;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->peers.size() + state_->building >= state_->options.max_peers)
      throw Unavailable("the WebRTC edge is full");
    ++state_->building;
    id = "pc-" + std::to_string(state_->next_id++);
  }
  auto entry = std::make_shared<PeerEntry>();
  try {
    entry->peer = std::make_unique<webrtc::Peer>(id, session, offer, summary, state_->options);
  } catch (...) {
    std::lock_guard lock(state_->mutex);
    --state_->building;
    throw;
  }
  WebrtcAnswer answer{id, entry->peer->leg_id(), entry->peer->answer(), entry->peer->video_codec()};
  std::lock_guard lock(state_->mutex);
  --state_->building;
  state_->peers.emplace(id, std::move(entry));
  return answer;
}

void WebrtcEdge::trickle(const std::string& peer_id, const std::string& sdpfrag) {
  TrickleFragment fragment;
  try {
    fragment = parse_trickle_fragment(sdpfrag);
  } catch (const std::invalid_argument& e) {
    throw InvalidInput(e.what());
  }
  std::shared_ptr<PeerEntry> entry;
  {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->peers.find(peer_id);
    if (it == state_->peers.end()) throw NotFound("no peer connection '" + peer_id + "'");
    entry = it->second;
  }
  std::lock_guard peer_lock(entry->mutex);
  if (!entry->peer) throw NotFound("no peer connection '" + peer_id + "'");
  if (!fragment.ice_ufrag.empty() && fragment.ice_ufrag != entry->peer->ice_ufrag())
    throw RestartUnsupported("ICE restart is not supported: open a new session");
  // max-bundle: every candidate belongs to the one transport of m-line 0.
  for (const auto& c : fragment.candidates) entry->peer->add_candidate(0, c.candidate);
}

void WebrtcEdge::close(const std::string& peer_id) {
  auto entry = state_->take(peer_id);
  if (!entry) throw NotFound("no peer connection '" + peer_id + "'");
  std::lock_guard peer_lock(entry->mutex);
  gst::log_info("webrtc " + peer_id + ": closed");
  entry->peer.reset();
}

std::vector<PeerStatus> WebrtcEdge::peers() const {
  std::vector<std::shared_ptr<PeerEntry>> snapshot;
  {
    std::lock_guard lock(state_->mutex);
    for (auto& [id, entry] : state_->peers) snapshot.push_back(entry);
  }
  std::vector<PeerStatus> out;
  for (auto& entry : snapshot) {
    std::lock_guard peer_lock(entry->mutex);
    if (entry->peer) out.push_back(entry->peer->status());
  }
  return out;
}

}  // namespace media
