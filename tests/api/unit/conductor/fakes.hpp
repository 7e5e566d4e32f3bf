#pragma once
// In-memory fakes of what the conductor's parts depend on: the live repository
// (PostgreSQL in production), the room directory, and a media node.
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "media/node_control.hpp"
#include "scheduler/errors.hpp"
#include "scheduler/live.hpp"
#include "scheduler/repositories.hpp"

namespace fakes {

class LiveRepository final : public sched::LiveRepository {
 public:
  sched::MediaNodeRecord ensure_node(const std::string& name, const std::string& address, int capacity) override {
    for (auto& n : nodes_)
      if (n.name == name) {
        n.address = address;
        n.capacity_legs = capacity;
        return n;
      }
    sched::MediaNodeRecord n;
    n.id = static_cast<long long>(nodes_.size()) + 1;
    n.name = name;
    n.address = address;
    n.capacity_legs = capacity;
    nodes_.push_back(n);
    return n;
  }
  std::vector<sched::MediaNodeRecord> nodes() override { return nodes_; }
  void set_node_state(long long id, sched::NodeState state) override { node(id).state = state; }
  bool record_node_probe(long long id, bool ok, int offline_after) override {
    auto& n = node(id);
    if (ok) {
      n.failures = 0;
      n.online = true;
      return false;
    }
    ++n.failures;
    if (n.online && n.failures >= offline_after) {
      n.online = false;
      return true;
    }
    return false;
  }
  std::optional<sched::SessionRecord> session_of(long long meeting) override {
    auto it = sessions_.find(meeting);
    return it == sessions_.end() ? std::nullopt : std::optional(it->second);
  }
  std::vector<sched::SessionRecord> open_sessions() override {
    std::vector<sched::SessionRecord> out;
    for (const auto& [id, s] : sessions_) out.push_back(s);
    return out;
  }
  void save_session(const sched::SessionRecord& s) override {
    sessions_[s.meeting_id] = s;
    legs_.erase(s.meeting_id);
  }
  void close_session(long long meeting) override {
    sessions_.erase(meeting);
    legs_.erase(meeting);
  }
  void save_session_health(long long meeting, const std::string& json) override {
    if (down) throw sched::Unavailable("the database cannot be reached");
    health_[meeting] = json;
  }
  std::optional<std::string> session_health(long long meeting) override {
    auto it = health_.find(meeting);
    return it == health_.end() ? std::nullopt : std::optional(it->second);
  }
  void save_leg(const sched::LegRecord& l) override { legs_[l.meeting_id][l.room_id] = l; }
  void remove_leg(long long meeting, long long room) override { legs_[meeting].erase(room); }
  std::vector<sched::LegRecord> legs(long long meeting) override {
    std::vector<sched::LegRecord> out;
    for (const auto& [room, l] : legs_[meeting]) out.push_back(l);
    return out;
  }
  void hall_connected(long long meeting, long long room, sched::Instant at) override {
    if (down) throw sched::Unavailable("the database cannot be reached");
    attendance_[meeting].push_back({room, at, std::nullopt});
  }
  void halls_seen(long long meeting, const std::vector<long long>& rooms, sched::Instant) override {
    if (down) throw sched::Unavailable("the database cannot be reached");
    seen_[meeting] = rooms;
  }
  void hall_left(long long meeting, long long room, sched::Instant at) override {
    if (down) throw sched::Unavailable("the database cannot be reached");
    for (auto& a : attendance_[meeting])
      if (a.room_id == room && !a.left) a.left = at;
  }
  void close_attendance(long long meeting, std::optional<sched::Instant> at) override {
    ++attendance_closed_[meeting];
    for (auto& a : attendance_[meeting])
      if (!a.left) a.left = at.value_or(a.joined);
  }
  std::vector<sched::AttendanceInterval> attendance(long long meeting) override { return attendance_[meeting]; }
  std::vector<sched::AttendanceReportRow> attendance_report(sched::Instant, sched::Instant,
                                                            std::optional<long long>) override {
    return {};
  }
  void add_event(std::optional<long long> meeting, std::optional<long long> room, const std::string& kind,
                 const std::string& detail, sched::Instant at, const std::string&) override {
    if (down) throw sched::Unavailable("the database cannot be reached");
    sched::LiveEvent e;
    e.id = static_cast<long long>(events_.size()) + 1;
    e.at = at;
    e.meeting_id = meeting;
    e.room_id = room;
    e.kind = kind;
    e.detail = detail;
    events_.push_back(e);
  }
  std::vector<sched::LiveEvent> events_after(long long after, int limit) override {
    std::vector<sched::LiveEvent> out;
    for (const auto& e : events_)
      if (e.id > after && static_cast<int>(out.size()) < limit) out.push_back(e);
    return out;
  }
  std::vector<sched::Meeting> meetings_to_conduct(sched::Instant, sched::Instant) override { return {}; }
  bool hold_conductor_lease() override { return true; }

  bool down = false;  // attendance, events and health writes throw Unavailable

  // For the tests' checks.
  std::vector<std::string> kinds() const {
    std::vector<std::string> out;
    for (const auto& e : events_) out.push_back(e.kind);
    return out;
  }
  std::map<long long, int> attendance_closed_;
  std::map<long long, std::vector<long long>> seen_;

 private:
  sched::MediaNodeRecord& node(long long id) {
    for (auto& n : nodes_)
      if (n.id == id) return n;
    throw sched::NotFound("no node");
  }
  std::vector<sched::MediaNodeRecord> nodes_;
  std::map<long long, sched::SessionRecord> sessions_;
  std::map<long long, std::map<long long, sched::LegRecord>> legs_;
  std::map<long long, std::string> health_;
  std::map<long long, std::vector<sched::AttendanceInterval>> attendance_;
  std::vector<sched::LiveEvent> events_;
};

class Rooms final : public sched::RoomDirectory {
 public:
  std::optional<sched::Room> find_room(long long id) override {
    sched::Room r;
    r.id = id;
    r.name = "Hall " + std::to_string(id);
    return r;
  }
  sched::PageOf<sched::Room> list_rooms(const sched::RoomFilter&, sched::Page) override { return {}; }
  std::vector<long long> active_rooms_of(const std::vector<long long>&) override { return {}; }
  sched::Room create_room(const sched::Room& r) override { return r; }
  sched::Room update_room(const sched::Room& r) override { return r; }
};

// A media node that keeps what it was asked for; its legs' health is set by the test.
class Node final : public media::NodeControl {
 public:
  struct Leg {
    media::LegOptions options;
    bool muted = false;
    bool hidden = false;
    media::LegHealth health;
  };
  struct Session {
    media::SessionOptions options;
    std::map<std::string, Leg> legs;
    media::LayoutKind layout = media::LayoutKind::grid;
  };

  bool healthy() override { return up; }
  std::string open_session(const media::SessionOptions& o) override {
    check();
    const std::string id = "s" + std::to_string(++next_session_);
    sessions[id].options = o;
    sessions[id].layout = o.layout;
    return id;
  }
  void end_session(const std::string& s) override { session(s), sessions.erase(s), ++ended; }
  media::LegInfo add_leg(const std::string& s, const media::LegOptions& l) override {
    const std::string id = "leg-" + std::to_string(++next_leg_);
    session(s).legs[id].options = l;
    const auto port = static_cast<std::uint16_t>(40000 + next_leg_ * 2);
    return {id, {"0.0.0.0", port, port}, {"0.0.0.0", static_cast<std::uint16_t>(port + 1), static_cast<std::uint16_t>(port + 1)}};
  }
  void remove_leg(const std::string& s, const std::string& l) override {
    if (!session(s).legs.erase(l)) throw media::NotFound("no leg");
  }
  void set_audio_muted(const std::string& s, const std::string& l, bool m) override { leg(s, l).muted = m; }
  void set_video_hidden(const std::string& s, const std::string& l, bool h) override { leg(s, l).hidden = h; }
  void set_layout(const std::string& s, media::LayoutKind k) override { session(s).layout = k; }
  void give_floor(const std::string& s, const std::optional<std::string>&) override { session(s); }
  void start_recording(const std::string& s, const std::string&) override { session(s); }
  void stop_recording(const std::string& s) override { session(s); }
  media::SessionStats session_stats(const std::string& s) override {
    auto& session_ = session(s);
    media::SessionStats st;
    st.session_id = s;
    st.layout = session_.layout;
    for (const auto& [id, l] : session_.legs) {
      media::LegStatus status;
      status.leg_id = id;
      status.hall_id = l.options.hall_id;
      status.display_name = l.options.display_name;
      status.audio_muted = l.muted;
      status.health = l.health;
      st.legs.push_back(status);
    }
    return st;
  }

  Session& session(const std::string& s) {
    check();
    auto it = sessions.find(s);
    if (it == sessions.end()) throw media::NotFound("no session " + s);
    return it->second;
  }
  Leg& leg(const std::string& s, const std::string& l) {
    auto& legs = session(s).legs;
    auto it = legs.find(l);
    if (it == legs.end()) throw media::NotFound("no leg " + l);
    return it->second;
  }

  bool up = true;
  int ended = 0;
  std::map<std::string, Session> sessions;

 private:
  void check() const {
    if (!up) throw media::Unavailable("node down");
  }
  int next_session_ = 0;
  int next_leg_ = 0;
};

}  // namespace fakes

namespace fakes {

// Moderation requests in memory; safe for the two threads of a relay test.
class ModerationQueue final : public sched::ModerationQueue {
 public:
  long long request_moderation(long long meeting, const std::string& action, std::optional<long long> room,
                               const std::string& argument) override {
    std::lock_guard lock(mutex_);
    sched::ModerationRecord r;
    r.id = static_cast<long long>(rows_.size()) + 1;
    r.meeting_id = meeting;
    r.action = action;
    r.room_id = room;
    r.argument = argument;
    rows_.push_back(r);
    return r.id;
  }
  std::vector<sched::ModerationRecord> pending_moderations(int) override {
    std::lock_guard lock(mutex_);
    std::vector<sched::ModerationRecord> out;
    for (const auto& r : rows_)
      if (!r.outcome) out.push_back(r);
    return out;
  }
  void answer_moderation(long long id, const std::string& outcome, const std::string& field,
                         const std::string& detail) override {
    std::lock_guard lock(mutex_);
    auto& r = rows_.at(static_cast<std::size_t>(id - 1));
    r.outcome = outcome;
    r.field = field;
    r.detail = detail;
  }
  std::optional<sched::ModerationRecord> moderation(long long id) override {
    std::lock_guard lock(mutex_);
    if (id < 1 || id > static_cast<long long>(rows_.size())) return std::nullopt;
    return rows_[static_cast<std::size_t>(id - 1)];
  }

 private:
  std::mutex mutex_;
  std::vector<sched::ModerationRecord> rows_;
};

}  // namespace fakes
