#pragma once
// Opens, adopts and closes the media sessions of meetings. Opening writes the session and
// every leg (room, leg id, ports, keys) to PostgreSQL, which is the one record of which
// leg is which room's; a session that still runs on its node after a restart is adopted
// as it is (the halls keep their ports).
//
// Threading: called by the conductor's round; running() from any thread. mutex_ guards
// the map of running sessions only; no database or media call is made while it is held.
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "conductor/event_log.hpp"
#include "conductor/ids.hpp"
#include "conductor/node_registry.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/live.hpp"
#include "scheduler/repositories.hpp"

namespace conductor {

struct RunnerOptions {
  std::string media_address = "127.0.0.1";  // where halls send RTP when a node answers 0.0.0.0
  bool video = true;
  bool srtp = false;  // legs encrypted with SRTP; /join hands the keys to the hall
};

struct RunningSession {
  NodeId node;
  SessionId session;
  std::size_t legs = 0;
  // Which opening of the meeting's session this is: a node started again hands out the same
  // session ids, so a session reopened on it is told apart by this alone.
  std::uint64_t opening = 0;
  bool operator==(const RunningSession&) const = default;
};

// Makes a fresh SRTP key (base64 key || salt).
using KeyMaker = std::function<std::string()>;

class SessionRunner {
 public:
  SessionRunner(sched::LiveRepository& live, sched::RoomDirectory& rooms, NodeRegistry& nodes, EventLog& events,
                sched::Clock clock, RunnerOptions options, KeyMaker keys);

  // Adopts the meeting's session where its node still runs it, else opens it on the node
  // placement picks (throws sched::Unavailable when none has room, or the media error).
  void open(const sched::Meeting& meeting);
  // Ends the session on its node (if this process runs it), closes attendance and the
  // stored session.
  void close(MeetingId meeting, const std::string& why);
  [[nodiscard]] std::map<MeetingId, RunningSession> running() const;
  [[nodiscard]] std::set<long long> running_ids() const;
  void lose_node(NodeId node);  // its sessions are gone; the plan reopens them elsewhere
  void forget_all();            // another process conducts now: it adopts or reopens them
  void end_all();               // the process stops: end what runs here, PostgreSQL keeps them open

 private:
  bool adopt(const sched::Meeting& meeting, const sched::SessionRecord& previous);

  sched::LiveRepository& live_;
  sched::RoomDirectory& rooms_;
  NodeRegistry& nodes_;
  EventLog& events_;
  sched::Clock clock_;
  const RunnerOptions options_;
  const KeyMaker keys_;

  mutable std::mutex mutex_;
  std::map<MeetingId, RunningSession> running_;
  std::uint64_t openings_ = 0;
};

}  // namespace conductor
