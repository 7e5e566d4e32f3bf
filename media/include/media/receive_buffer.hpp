#pragma once
// A receive jitter buffer for one incoming RTP stream, with the decisions of generic NACK
// (RFC 4585) in it: what the node asks a lossy sender for again, and when it gives up.
//
// Packets leave in sequence order. One that follows the last released leaves at once, so a
// clean link adds no latency at all; a packet behind a gap waits until the missing one comes
// (late, or retransmitted) or until the gap has waited `delay()`, then the gap is given up
// on and what follows is released with the count of packets lost before it. delay() is
// sized from the measured jitter and round trip (what a retransmission needs), bounded
// (20–200 ms by default), so latency stays low on good links and is bounded on bad ones.
//
// A missing packet is NACKed once it has been missing for a reordering allowance (from the
// jitter), again after a round trip when no answer came, at most `max_nacks` times and never
// when its answer could not come before its deadline. A packet that comes after its gap was
// given up on, a duplicate, or a jump of more than `max_gap` packets (a sender that
// restarted) does not stall the stream: the first two are dropped, the jump starts afresh.
// Standard library only; the clock is passed in.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace media {

struct ReceiveBufferConfig {
  std::chrono::milliseconds min_delay{20};
  std::chrono::milliseconds max_delay{200};
  std::size_t max_nacks = 3;      // per missing packet
  std::size_t max_gap = 512;      // a larger jump is a restart, not a loss
  std::size_t max_held = 1024;    // packets held (and missing ones tracked) at most
  bool nack = true;               // false: a plain reordering buffer (no retransmission asked)
};

class ReceiveBuffer {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  struct Released {
    std::vector<std::uint8_t> packet;
    std::uint32_t lost_before = 0;  // packets given up on just before this one
  };
  struct Counters {
    std::uint64_t released = 0, lost = 0, late = 0, duplicates = 0, nacked = 0, recovered = 0, restarts = 0;
  };

  explicit ReceiveBuffer(ReceiveBufferConfig config = {});

  // The link's current interarrival jitter and round trip (ms); sizes delay() and the NACK
  // timing. A round trip not yet known counts as 0.
  void set_link(double jitter_ms, double rtt_ms);
  // How long a gap may hold what follows it.
  std::chrono::milliseconds delay() const;

  // A packet arrived; `retransmitted`: it answers a NACK. False when dropped (duplicate, or
  // its gap was already given up on).
  bool insert(std::uint16_t sequence, std::vector<std::uint8_t> packet, TimePoint now, bool retransmitted = false);
  // Appends the packets that may leave now, in order.
  void release(TimePoint now, std::vector<Released>& out);
  // The sequence numbers to NACK now (each counted as asked).
  std::vector<std::uint16_t> nacks_due(TimePoint now);

  // Forgets the stream (a new sender, with sequence numbers of its own); keeps the counters.
  void reset();

  bool empty() const { return slots_.empty(); }
  const Counters& counters() const { return counters_; }

 private:
  struct Slot {
    bool present = false;
    std::vector<std::uint8_t> packet;
    TimePoint missing_since{};  // when the gap was seen (missing slots)
    TimePoint next_nack{};
    std::size_t nacks = 0;
  };
  std::int64_t extend(std::uint16_t sequence) const;
  std::chrono::milliseconds reorder_allowance() const;
  std::chrono::milliseconds retry_interval() const;
  void restart(std::int64_t at, std::vector<Released>* flush_to);

  ReceiveBufferConfig config_;
  double jitter_ms_ = 0.0;
  double rtt_ms_ = 0.0;
  bool started_ = false;
  std::int64_t next_ = 0;     // the next sequence (extended) to release
  std::int64_t highest_ = 0;  // the highest seen (extended)
  std::map<std::int64_t, Slot> slots_;  // from next_ on: held packets and missing ones
  std::vector<Released> pending_flush_;  // released by a restart, handed out by release()
  std::uint32_t lost_pending_ = 0;       // given up on, not yet reported with a packet
  Counters counters_;
};

}  // namespace media
