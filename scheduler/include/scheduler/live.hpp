#pragma once
// Running meetings as stored: media nodes, the session a meeting runs on, its legs,
// attendance intervals and the event log. Kept in PostgreSQL so that a restart (even
// kill -9) loses nothing: the conductor reopens what was open.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/meeting.hpp"
#include "scheduler/repositories.hpp"

namespace sched {

enum class NodeState { enabled, cordoned, disabled };

std::string_view to_string(NodeState state);
std::optional<NodeState> node_state_from(std::string_view text);

struct MediaNodeRecord {
  long long id = 0;
  std::string name;
  std::string address;  // "embedded" for the node inside the service process
  int capacity_legs = 0;
  NodeState state = NodeState::enabled;
  bool online = true;
  int failures = 0;
};

struct SessionRecord {
  long long meeting_id = 0;
  long long node_id = 0;
  std::string session_id;
};

struct LegRecord {
  long long meeting_id = 0;
  long long room_id = 0;
  std::string leg_id;
  std::string address;
  int video_port = 0;
  int audio_port = 0;
  std::string srtp_node_key;  // empty without SRTP: the key the node encrypts with
  std::string srtp_hall_key;  // the key the hall encrypts with
};

struct AttendanceInterval {
  long long room_id = 0;
  Instant joined{};
  std::optional<Instant> left;
};

struct LiveEvent {
  long long id = 0;
  Instant at{};
  std::optional<long long> meeting_id;
  std::optional<long long> room_id;
  std::string kind;    // leg_state, hall_lost, loss_high, video_frozen, node_offline, session_open, ...
  std::string detail;
};

struct AttendanceReportRow {
  long long org_id = 0;
  long long meetings = 0;       // meetings held (ended or live) that invited the org's halls
  long long halls_invited = 0;  // invitations of its halls
  long long halls_present = 0;  // of those, halls with at least one connected interval
};

class LiveRepository {
 public:
  virtual ~LiveRepository() = default;
  virtual MediaNodeRecord ensure_node(const std::string& name, const std::string& address, int capacity_legs) = 0;
  [[nodiscard]] virtual std::vector<MediaNodeRecord> nodes() = 0;
  virtual void set_node_state(long long node_id, NodeState state) = 0;  // NotFound when missing
  // Records a health probe; returns true when this probe turned the node offline.
  virtual bool record_node_probe(long long node_id, bool ok, int offline_after_failures) = 0;

  [[nodiscard]] virtual std::optional<SessionRecord> session_of(long long meeting_id) = 0;
  [[nodiscard]] virtual std::vector<SessionRecord> open_sessions() = 0;
  virtual void save_session(const SessionRecord& s) = 0;  // (re)opens
  virtual void close_session(long long meeting_id) = 0;
  // The latest health of a session's legs, as the API serves it (JSON text), so that any
  // service process can answer for a session that runs elsewhere.
  virtual void save_session_health(long long meeting_id, const std::string& json) = 0;
  [[nodiscard]] virtual std::optional<std::string> session_health(long long meeting_id) = 0;
  virtual void save_leg(const LegRecord& l) = 0;
  virtual void remove_leg(long long meeting_id, long long room_id) = 0;
  [[nodiscard]] virtual std::vector<LegRecord> legs(long long meeting_id) = 0;

  // Attendance: a hall connects (opens an interval), is still there (touch), leaves. Each
  // may be written twice (a retry) with the same effect.
  virtual void hall_connected(long long meeting_id, long long room_id, Instant at) = 0;
  virtual void halls_seen(long long meeting_id, const std::vector<long long>& room_ids, Instant at) = 0;
  virtual void hall_left(long long meeting_id, long long room_id, Instant at) = 0;
  // Closes every open interval at its last sighting (after a crash) or at `at`.
  virtual void close_attendance(long long meeting_id, std::optional<Instant> at) = 0;
  [[nodiscard]] virtual std::vector<AttendanceInterval> attendance(long long meeting_id) = 0;
  [[nodiscard]] virtual std::vector<AttendanceReportRow> attendance_report(Instant from, Instant to,
                                                                           std::optional<long long> org) = 0;

  // An event that happened `at`; `key` is its own: written again (a retry after the answer
  // was lost) it is stored once.
  virtual void add_event(std::optional<long long> meeting_id, std::optional<long long> room_id, const std::string& kind,
                         const std::string& detail, Instant at, const std::string& key) = 0;
  [[nodiscard]] virtual std::vector<LiveEvent> events_after(long long after_id, int limit) = 0;

  // Meetings the conductor must look at: every one in rehearsal or live, and the scheduled
  // ones overlapping [from, to).
  [[nodiscard]] virtual std::vector<Meeting> meetings_to_conduct(Instant from, Instant to) = 0;
  // Takes the conductor's lease (PostgreSQL advisory lock on a connection of its own);
  // true while held. Exactly one process holds it. Throws Unavailable when the database
  // cannot be reached (then nobody can be sure of holding it).
  virtual bool hold_conductor_lease() = 0;
};

// A moderation request as stored: written by the process an organiser called, carried
// out by the conducting process, answered in the same row.
struct ModerationRecord {
  long long id = 0;
  long long meeting_id = 0;
  std::string action;
  std::optional<long long> room_id;
  std::string argument;
  std::optional<std::string> outcome;  // "done" or the kind of refusal; absent while pending
  std::string field;                   // the offending field of an invalid_input refusal
  std::string detail;                  // the refusal's message for the client
};

class ModerationQueue {
 public:
  virtual ~ModerationQueue() = default;
  virtual long long request_moderation(long long meeting_id, const std::string& action,
                                       std::optional<long long> room_id, const std::string& argument) = 0;
  // Pending requests made within the last `max_age_seconds`, oldest first (older ones
  // were given up by their callers and are never carried out).
  [[nodiscard]] virtual std::vector<ModerationRecord> pending_moderations(int max_age_seconds) = 0;
  virtual void answer_moderation(long long id, const std::string& outcome, const std::string& field,
                                 const std::string& detail) = 0;
  [[nodiscard]] virtual std::optional<ModerationRecord> moderation(long long id) = 0;
};

}  // namespace sched
