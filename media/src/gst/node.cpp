#include <gst/gst.h>

#include <atomic>
#include <map>
#include <mutex>

#include "log.hpp"
#include "session_impl.hpp"
#include "udp.hpp"

namespace media {

struct Node::State {
  explicit State(const NodeOptions& o) : options(o), ports(o.bind_address, o.port_min, o.port_max) {}
  NodeOptions options;
  std::mutex ports_mutex;
  gst::PortAllocator ports;
  mutable std::mutex mutex;
  std::map<std::string, std::shared_ptr<Session>> sessions;
  std::uint64_t next_id = 1;
};

namespace {

void validate(const SessionOptions& o) {
  if (o.outputs.empty()) throw InvalidInput("at least one output profile is required");
  for (const auto& p : o.outputs) {
    if (p.name.empty()) throw InvalidInput("output profile needs a name");
    if (p.width < 64 || p.height < 64 || p.width > 3840 || p.height > 2160 || p.width % 2 || p.height % 2) {
      throw InvalidInput("output size must be even, 64x64 to 3840x2160");
    }
    if (p.bitrate_kbps < 50 || p.bitrate_kbps > 20000) throw InvalidInput("bitrate_kbps must be 50-20000");
  }
  if (o.framerate < 1 || o.framerate > 60) throw InvalidInput("framerate must be 1-60");
  if (o.loudest_k < 1 || o.loudest_k > 32) throw InvalidInput("loudest_k must be 1-32");
  if (o.max_visible < 1 || o.max_visible > 25) throw InvalidInput("max_visible must be 1-25");
}

}  // namespace

Node::Node(NodeOptions options) {
  gst_init(nullptr, nullptr);  // idempotent; GStreamer is never deinitialised in-process
  state_ = std::make_unique<State>(options);
}

Node::~Node() {
  std::map<std::string, std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(state_->mutex);
    sessions.swap(state_->sessions);
  }
  for (auto& [id, s] : sessions) s->end();
}

std::shared_ptr<Session> Node::create_session(const SessionOptions& options) {
  validate(options);
  std::string id;
  {
    std::lock_guard lock(state_->mutex);
    id = "s" + std::to_string(state_->next_id++);
  }
  State* state = state_.get();
  auto sockets = [state] {
    std::lock_guard lock(state->ports_mutex);
    return state->ports.allocate();
  };
  auto session = std::make_shared<Session>(
      std::make_unique<Session::Impl>(id, options, std::move(sockets), state_->options.bind_address));
  std::lock_guard lock(state_->mutex);
  state_->sessions.emplace(id, session);
  return session;
}

std::shared_ptr<Session> Node::session(const std::string& session_id) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->sessions.find(session_id);
  if (it == state_->sessions.end()) throw NotFound("no session '" + session_id + "'");
  return it->second;
}

std::vector<std::string> Node::session_ids() const {
  std::lock_guard lock(state_->mutex);
  std::vector<std::string> ids;
  for (const auto& [id, s] : state_->sessions) ids.push_back(id);
  return ids;
}

void Node::end_session(const std::string& session_id) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->sessions.find(session_id);
    if (it == state_->sessions.end()) throw NotFound("no session '" + session_id + "'");
    session = it->second;
    state_->sessions.erase(it);
  }
  session->end();
}

std::string Node::open_session(const SessionOptions& options) { return create_session(options)->id(); }
LegInfo Node::add_leg(const std::string& s, const LegOptions& leg) { return session(s)->add_leg(leg); }
void Node::remove_leg(const std::string& s, const std::string& leg) { session(s)->remove_leg(leg); }
void Node::set_audio_muted(const std::string& s, const std::string& leg, bool muted) {
  session(s)->set_audio_muted(leg, muted);
}
void Node::set_video_hidden(const std::string& s, const std::string& leg, bool hidden) {
  session(s)->set_video_hidden(leg, hidden);
}
void Node::set_layout(const std::string& s, LayoutKind layout) { session(s)->set_layout(layout); }
void Node::give_floor(const std::string& s, const std::optional<std::string>& leg) { session(s)->give_floor(leg); }
void Node::start_recording(const std::string& s, const std::string& path) { session(s)->start_recording(path); }
void Node::stop_recording(const std::string& s) { session(s)->stop_recording(); }
SessionStats Node::session_stats(const std::string& s) { return session(s)->stats(); }

}  // namespace media
