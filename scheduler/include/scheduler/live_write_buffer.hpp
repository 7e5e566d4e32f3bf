#pragma once
// What the conductor records of a running meeting (an event; a hall connected, still seen,
// left) while PostgreSQL cannot be reached: kept in memory, in order, each with the time it
// happened, and written once a primary answers again. Bounded: when full, the oldest is
// dropped and counted. Writing is the caller's (a function told each record in turn); the
// buffer only decides what waits and what goes next.
//
// Threading: any thread. mutex_ guards the queue and the counters; it is never held while a
// record is being written, and only one thread writes queued records at a time.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

struct LiveWrite {
  enum class Kind { event, hall_connected, halls_seen, hall_left };
  Kind kind = Kind::event;
  Instant at{};
  long long meeting_id = 0;             // 0: an event of no meeting (a node went offline)
  long long room_id = 0;                // 0: of no hall
  std::vector<long long> room_ids;      // halls_seen
  std::string event_kind, detail;       // event
  std::string key;                      // event: its own, so that writing it twice stores it once
  bool operator==(const LiveWrite&) const = default;
};

std::string describe(const LiveWrite& w);  // "hall_left of meeting 4, hall 7" (for logs)

// What became of one attempt to write a record.
enum class WriteOutcome {
  written,
  unavailable,  // the database cannot be reached (or is out of space): the record waits
  refused       // the database refused this record (it can never be written): it is dropped
};

using LiveWriter = std::function<WriteOutcome(const LiveWrite&)>;

class LiveWriteBuffer {
 public:
  explicit LiveWriteBuffer(std::size_t capacity);

  struct Queued {
    bool waiting = false;               // kept for later (not written now)
    std::optional<LiveWrite> dropped;   // the oldest record, dropped to make room
  };
  // Writes `w` through `write` now when nothing waits before it; else (or when the database
  // turns out unavailable) it waits behind the others, so records are written in order.
  Queued submit(LiveWrite w, const LiveWriter& write);

  struct Flushed {
    std::size_t written = 0;
    std::vector<LiveWrite> refused;  // dropped: the database refused them
    bool drained = false;            // nothing waits any more
  };
  // Writes the waiting records oldest first until one finds the database unavailable (that
  // one and those after it keep waiting). A second caller meanwhile returns at once.
  Flushed flush(const LiveWriter& write);

  [[nodiscard]] std::size_t waiting() const;
  [[nodiscard]] std::uint64_t dropped() const;  // in all, for want of room

 private:
  struct Entry {
    std::uint64_t seq;
    LiveWrite write;
  };
  std::optional<LiveWrite> push(LiveWrite w);  // mutex_ held

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Entry> queue_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t dropped_ = 0;
  bool flushing_ = false;
};

}  // namespace sched
