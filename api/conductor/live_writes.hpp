#pragma once
// The conductor's records of running meetings (events, attendance) on their way to
// PostgreSQL. While the database cannot be reached (a failover, a full disk) they wait in
// memory with the time each happened (sched::LiveWriteBuffer, bounded) and are written in
// order at the start of the next round that finds a primary; the round itself never waits
// on a database that is down for more than one attempt. Each record is written so that
// writing it twice stores it once (events carry a key of their own).
//
// Threading: any thread; the buffer keeps its own lock, never held across a database call.
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conductor/ids.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/live.hpp"
#include "scheduler/live_write_buffer.hpp"

namespace conductor {

// Whether an error of a database call says the database is unavailable for now (lost,
// failing over, out of space) rather than refusing the record itself.
using TransientError = std::function<bool(std::exception_ptr)>;

class LiveWrites {
 public:
  static constexpr std::size_t kDefaultCapacity = 20000;  // a minute of 300 busy halls

  LiveWrites(sched::LiveRepository& live, sched::Clock clock, std::size_t capacity = kDefaultCapacity,
             TransientError transient = nullptr);

  void event(std::optional<MeetingId> meeting, std::optional<RoomId> room, const std::string& kind,
             const std::string& detail);
  void hall_connected(MeetingId meeting, RoomId room, sched::Instant at);
  void halls_seen(MeetingId meeting, const std::vector<long long>& rooms, sched::Instant at);
  void hall_left(MeetingId meeting, RoomId room, sched::Instant at);

  void flush();  // writes what waits, if the database answers (once a round)
  [[nodiscard]] bool waiting() const { return buffer_.waiting() > 0; }  // the database was found unavailable

 private:
  void submit(sched::LiveWrite w);
  sched::WriteOutcome write(const sched::LiveWrite& w);

  sched::LiveRepository& live_;
  sched::Clock clock_;
  TransientError transient_;
  sched::LiveWriteBuffer buffer_;
  const std::size_t capacity_;
  const std::string key_prefix_;  // this process's, random
  std::atomic<std::uint64_t> next_key_{0};
  std::atomic<bool> told_waiting_{false};  // the warning that records wait was logged
};

}  // namespace conductor
