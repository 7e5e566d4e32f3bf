#include "media/send_history.hpp"

namespace media {

SendHistory::SendHistory(std::size_t capacity) : ring_(capacity == 0 ? 1 : capacity) {}

void SendHistory::store(std::span<const std::uint8_t> packet) {
  if (packet.size() < 12 || (packet[0] >> 6) != 2) return;
  const auto sequence = static_cast<std::uint16_t>((packet[2] << 8) | packet[3]);
  Entry& e = ring_[sequence % ring_.size()];
  e.used = true;
  e.sequence = sequence;
  e.bytes.assign(packet.begin(), packet.end());  // reuses the entry's allocation once warm
}

std::optional<std::span<const std::uint8_t>> SendHistory::find(std::uint16_t sequence) const {
  const Entry& e = ring_[sequence % ring_.size()];
  if (!e.used || e.sequence != sequence) return std::nullopt;
  return std::span<const std::uint8_t>(e.bytes);
}

bool RetransmitBudget::take(TimePoint now) {
  if (now - window_start_ >= std::chrono::seconds(1)) {
    window_start_ = now;
    used_ = 0;
  }
  if (used_ >= per_second_) return false;
  ++used_;
  return true;
}

}  // namespace media
