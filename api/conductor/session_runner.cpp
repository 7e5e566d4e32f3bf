#include "conductor/session_runner.hpp"

#include "conductor/media_errors.hpp"

namespace conductor {
namespace {

// The leg to the outside bridge of a relayed meeting: plain RTP both ways to its fixed
// address (RTCP on each port + 1), symmetric (we send from the ports we receive on). No SRTP:
// the outside bridge has no keys of ours. A child session joining a parent session would
// use the same leg, its remote being the ports of its own leg in the parent.
media::LegOptions upstream_leg(const sched::Relay& relay) {
  media::LegOptions leg;
  leg.hall_id = "upstream";
  leg.display_name = "Trung ương";
  leg.role = media::LegRole::upstream;
  leg.video.rtcp_mux = false;
  leg.video.remote_rtp = media::Endpoint{relay.address, static_cast<std::uint16_t>(relay.video_port)};
  leg.audio.rtcp_mux = false;
  leg.audio.remote_rtp = media::Endpoint{relay.address, static_cast<std::uint16_t>(relay.audio_port)};
  return leg;
}

}  // namespace

SessionRunner::SessionRunner(sched::LiveRepository& live, sched::RoomDirectory& rooms, NodeRegistry& nodes,
                             EventLog& events, sched::Clock clock, RunnerOptions options, KeyMaker keys)
    : live_(live),
      rooms_(rooms),
      nodes_(nodes),
      events_(events),
      clock_(std::move(clock)),
      options_(std::move(options)),
      keys_(std::move(keys)) {}

bool SessionRunner::adopt(const sched::Meeting& m, const sched::SessionRecord& previous) {
  try {
    nodes_.backend(NodeId(previous.node_id))->session_stats(previous.session_id);
  } catch (const std::exception&) {
    return false;  // the node or the session is gone
  }
  const auto legs = live_.legs(m.id).size();
  std::lock_guard lock(mutex_);
  running_[MeetingId(m.id)] = {NodeId(previous.node_id), SessionId(previous.session_id), legs, ++openings_};
  return true;
}

void SessionRunner::open(const sched::Meeting& m) {
  const auto previous = live_.session_of(m.id);
  if (previous) {
    if (adopt(m, *previous)) return;
    live_.close_attendance(m.id, std::nullopt);  // intervals end at their last sighting
  }
  std::vector<long long> rooms{m.draft.host_room_id};  // the host first
  rooms.insert(rooms.end(), m.draft.room_ids.begin(), m.draft.room_ids.end());
  std::map<NodeId, std::size_t> used;
  for (const auto& [meeting, run] : running()) used[run.node] += run.legs;
  const NodeId node_id = nodes_.place(rooms.size(), used);
  const Backend node = nodes_.backend(node_id);
  media::SessionOptions options;
  options.video = options_.video;
  if (m.draft.relay)
    options.layout = m.draft.relay->halls == sched::RelayHalls::hidden ? media::LayoutKind::upstream
                                                                        : media::LayoutKind::relay;
  const auto session = media_call([&] { return node->open_session(options); });
  live_.save_session({m.id, node_id.value, session});
  for (long long room_id : rooms) {
    const auto room = rooms_.find_room(room_id);
    media::LegOptions leg;
    leg.hall_id = hall_id_of(RoomId(room_id));
    leg.display_name = room ? room->name : leg.hall_id;
    leg.is_host = room_id == m.draft.host_room_id;
    std::string node_key, hall_key;
    if (options_.srtp) {
      node_key = keys_();
      hall_key = keys_();
      leg.video.srtp = leg.audio.srtp = media::SrtpKeys{node_key, hall_key};
    }
    const auto info = media_call([&] { return node->add_leg(session, leg); });
    const std::string address = info.video.address.empty() || info.video.address == "0.0.0.0"
                                    ? options_.media_address
                                    : info.video.address;
    live_.save_leg({m.id, room_id, info.leg_id, address, info.video.rtp, info.audio.rtp, node_key, hall_key});
  }
  // Joined after the halls, so the host's picture is there to send up from the start. Its
  // ports are in the session's health (the node keeps them; an adopted session keeps its leg).
  if (m.draft.relay) {
    const auto up = upstream_leg(*m.draft.relay);
    media_call([&] { return node->add_leg(session, up); });
  }
  {
    std::lock_guard lock(mutex_);
    running_[MeetingId(m.id)] = {node_id, SessionId(session), rooms.size(), ++openings_};
  }
  events_.add(MeetingId(m.id), std::nullopt, previous ? "session_reopened" : "session_open",
              std::to_string(rooms.size()) + " halls on node " + std::to_string(node_id.value));
}

void SessionRunner::close(MeetingId meeting, const std::string& why) {
  std::optional<RunningSession> run;
  {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(meeting); it != running_.end()) {
      run = it->second;
      running_.erase(it);
    }
  }
  if (run) {
    try {
      nodes_.backend(run->node)->end_session(run->session.value);
    } catch (const std::exception&) {
      // The node may be gone, and its session with it.
    }
  }
  live_.close_attendance(meeting.value, clock_());
  live_.close_session(meeting.value);
  events_.add(meeting, std::nullopt, "session_closed", why);
}

std::map<MeetingId, RunningSession> SessionRunner::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::set<long long> SessionRunner::running_ids() const {
  std::set<long long> ids;
  std::lock_guard lock(mutex_);
  for (const auto& [meeting, run] : running_) ids.insert(meeting.value);
  return ids;
}

void SessionRunner::lose_node(NodeId node) {
  std::lock_guard lock(mutex_);
  std::erase_if(running_, [&](const auto& kv) { return kv.second.node == node; });
}

void SessionRunner::forget_all() {
  std::lock_guard lock(mutex_);
  running_.clear();
}

void SessionRunner::end_all() {
  std::map<MeetingId, RunningSession> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions.swap(running_);
  }
  for (const auto& [meeting, run] : sessions) {
    try {
      nodes_.backend(run.node)->end_session(run.session.value);
    } catch (const std::exception&) {
    }
  }
}

}  // namespace conductor
