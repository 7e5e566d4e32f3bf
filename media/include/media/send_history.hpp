#pragma once
// The last packets of one RTP stream as sent, by sequence number, so that a receiver's
// generic NACK (RFC 4585) can be answered with the very packet it lost. Fixed capacity:
// the oldest packet gives way; a sequence number no longer held is simply not found.
// Retransmission is bounded per receiver by RetransmitBudget (a NACK is cheap to forge).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace media {

class SendHistory {
 public:
  explicit SendHistory(std::size_t capacity = 1024);
  // Keeps a copy of an RTP packet (its sequence number read from the header); a packet
  // too short to be RTP is ignored.
  void store(std::span<const std::uint8_t> packet);
  // The packet sent with this sequence number, when still held.
  std::optional<std::span<const std::uint8_t>> find(std::uint16_t sequence) const;

 private:
  struct Entry {
    bool used = false;
    std::uint16_t sequence = 0;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Entry> ring_;
};

// At most `per_second` retransmitted packets per receiver in any one-second window.
class RetransmitBudget {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit RetransmitBudget(std::size_t per_second = 200) : per_second_(per_second) {}
  bool take(TimePoint now);

 private:
  std::size_t per_second_;
  TimePoint window_start_{};
  std::size_t used_ = 0;
};

}  // namespace media
