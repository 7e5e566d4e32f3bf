#pragma once
// The live event log as the conductor's parts write it and dashboards read it: each event
// goes to PostgreSQL (so every process serves it; through LiveWrites, which keeps it while
// the database is unavailable) and wakes this process's long polls.
//
// Threading: any thread. mutex_ guards only the waiting condition; no database call is
// made while it is held.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "conductor/ids.hpp"
#include "conductor/live_writes.hpp"
#include "scheduler/live.hpp"

namespace conductor {

class EventLog {
 public:
  EventLog(sched::LiveRepository& live, LiveWrites& writes, int max_waiting)
      : live_(live), writes_(writes), max_waiting_(max_waiting) {}

  void add(std::optional<MeetingId> meeting, std::optional<RoomId> room, const std::string& kind,
           const std::string& detail);
  // Events after `after`; waits up to `wait` for the first one. At most `max_waiting`
  // callers wait at once (each holds an HTTP worker); the others get an answer at once.
  // Events of other processes are seen within 250 ms.
  std::vector<sched::LiveEvent> after(long long after, std::chrono::milliseconds wait, int limit);
  void stop();  // wakes every waiter, which then answers at once

 private:
  sched::LiveRepository& live_;
  LiveWrites& writes_;
  const int max_waiting_;
  std::atomic<int> waiting_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t written_ = 0;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
};

}  // namespace conductor
