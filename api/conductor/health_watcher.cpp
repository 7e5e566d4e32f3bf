#include "conductor/health_watcher.hpp"

#include "log/log.hpp"
#include "wire/live_json.hpp"

namespace conductor {
namespace {

bool connected(media::LegState s) { return s == media::LegState::ok || s == media::LegState::degraded; }

media::LossGrade worst_grade(const media::LegHealth& h) { return std::max(h.video.loss_grade, h.audio.loss_grade); }

}  // namespace

void HealthWatcher::watch(const std::map<MeetingId, RunningSession>& sessions) {
  {
    std::lock_guard lock(mutex_);  // sessions closed meanwhile are forgotten
    std::erase_if(stats_, [&](const auto& kv) { return !sessions.contains(kv.first); });
    std::erase_if(last_, [&](const auto& kv) { return !sessions.contains(kv.first.first); });
    std::erase_if(attending_, [&](const auto& kv) { return !sessions.contains(kv.first); });
    // A session opened again (its attendance closed at the last sighting): its halls are
    // new arrivals, whatever this watcher saw of the previous opening.
    for (const auto& [meeting, run] : sessions) {
      auto [it, fresh] = opening_.try_emplace(meeting, run.opening);
      if (fresh || it->second == run.opening) continue;
      it->second = run.opening;
      attending_.erase(meeting);
      std::erase_if(last_, [&](const auto& kv) { return kv.first.first == meeting; });
    }
    std::erase_if(opening_, [&](const auto& kv) { return !sessions.contains(kv.first); });
  }
  for (const auto& [meeting, run] : sessions) {
    media::SessionStats stats;
    try {
      stats = nodes_.backend(run.node)->session_stats(run.session.value);
    } catch (const std::exception& e) {
      logging::warn("watch: meeting " + std::to_string(meeting.value) + ": " + e.what());
      continue;  // the node's probe decides whether it is gone
    }
    judge(meeting, stats);
  }
}

void HealthWatcher::judge(MeetingId meeting, const media::SessionStats& stats) {
  const auto now = clock_();
  std::vector<wire::RoomLeg> legs;
  std::set<RoomId> attending;
  std::set<LegId> current;
  // A hall with a connected leg (a browser leg beside its idle pre-made RTP leg) is not lost.
  std::set<std::string> connected_halls;
  for (const auto& leg : stats.legs)
    if (connected(leg.health.state)) connected_halls.insert(leg.hall_id);
  for (const auto& leg : stats.legs) {
    // The upstream leg (a relayed meeting's outside bridge) is watched like a hall's leg,
    // with no room: its events name none and it has no attendance.
    const bool upstream = leg.role == media::LegRole::upstream;
    std::optional<RoomId> room;
    if (!upstream) {
      try {
        room = room_of_hall(leg.hall_id);
      } catch (const std::invalid_argument& e) {
        logging::warn("watch: meeting " + std::to_string(meeting.value) + ": " + e.what());
        continue;  // not a leg the conductor made
      }
    }
    legs.push_back({room ? room->value : 0, leg});
    const LegId id(leg.leg_id);
    current.insert(id);
    const auto& h = leg.health;
    std::optional<media::LegHealth> before;
    {
      std::lock_guard lock(mutex_);
      auto [it, fresh] = last_.try_emplace({meeting, id}, h);
      if (!fresh) before = std::exchange(it->second, h);
    }
    const auto state_before = before ? before->state : media::LegState::connecting;
    const std::optional<MeetingId> m = meeting;
    if (h.state != state_before) {
      events_.add(m, room, "leg_state",
                  leg.display_name + ": " + media::to_string(state_before) + " -> " + media::to_string(h.state));
      if (h.state == media::LegState::lost && !connected_halls.contains(leg.hall_id))
        events_.add(m, room, upstream ? "upstream_lost" : "hall_lost", leg.display_name);
    }
    if (connected(h.state) && room) attending.insert(*room);
    if (worst_grade(h) >= media::LossGrade::bad && (!before || worst_grade(*before) < media::LossGrade::bad))
      events_.add(m, room, "loss_high",
                  leg.display_name + ": loss " + std::to_string(std::max(h.video.loss_percent, h.audio.loss_percent)) +
                      " %");
    if (h.frozen && (!before || !before->frozen)) events_.add(m, room, "video_frozen", leg.display_name);
  }
  std::set<RoomId> attended;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(last_, [&](const auto& kv) { return kv.first.first == meeting && !current.contains(kv.first.second); });
    attended = std::exchange(attending_[meeting], attending);
  }
  for (const auto& room : attending)
    if (!attended.contains(room)) writes_.hall_connected(meeting, room, now);
  for (const auto& room : attended)
    if (!attending.contains(room)) writes_.hall_left(meeting, room, now);
  std::vector<long long> present;
  for (const auto& room : attending) present.push_back(room.value);
  writes_.halls_seen(meeting, present, now);
  if (!writes_.waiting()) {
    try {
      live_.save_session_health(meeting.value, wire::session_health_json(meeting.value, stats, legs).dump());
    } catch (const std::exception& e) {
      logging::warn("watch: meeting " + std::to_string(meeting.value) + ": health not saved: " + e.what());
    }
  }
  std::lock_guard lock(mutex_);
  stats_[meeting] = stats;
}

std::map<MeetingId, media::SessionStats> HealthWatcher::latest() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace conductor
