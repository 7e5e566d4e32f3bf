#include "media/receive_buffer.hpp"

#include <algorithm>
#include <cmath>

namespace media {
namespace {

using std::chrono::milliseconds;

milliseconds ms(double v) { return milliseconds(static_cast<long long>(std::ceil(std::max(0.0, v)))); }

}  // namespace

ReceiveBuffer::ReceiveBuffer(ReceiveBufferConfig config) : config_(config) {}

void ReceiveBuffer::set_link(double jitter_ms, double rtt_ms) {
  jitter_ms_ = std::isfinite(jitter_ms) ? std::max(0.0, jitter_ms) : 0.0;
  rtt_ms_ = std::isfinite(rtt_ms) ? std::max(0.0, rtt_ms) : 0.0;
}

// Packets overtake each other by up to about the jitter: a gap younger than that is
// probably reordering, not loss.
milliseconds ReceiveBuffer::reorder_allowance() const { return std::clamp(ms(jitter_ms_), milliseconds(2), milliseconds(50)); }

// A NACK's answer takes the round trip, each way delayed by up to about the jitter.
milliseconds ReceiveBuffer::retry_interval() const { return ms(rtt_ms_ + 2.0 * jitter_ms_ + 5.0); }

milliseconds ReceiveBuffer::delay() const {
  // With retransmission: time for the reordering allowance and three tries; without, for
  // the reordering alone.
  const milliseconds wanted = config_.nack ? reorder_allowance() + 3 * retry_interval() : ms(3.0 * jitter_ms_ + 5.0);
  return std::clamp(wanted, config_.min_delay, config_.max_delay);
}

void ReceiveBuffer::reset() {
  slots_.clear();
  pending_flush_.clear();
  lost_pending_ = 0;
  started_ = false;
}

std::int64_t ReceiveBuffer::extend(std::uint16_t sequence) const {
  return highest_ + static_cast<std::int16_t>(static_cast<std::uint16_t>(sequence - static_cast<std::uint16_t>(highest_)));
}

void ReceiveBuffer::restart(std::int64_t at, std::vector<Released>* flush_to) {
  for (auto& [sequence, slot] : slots_) {
    if (!slot.present) {
      ++lost_pending_;
      continue;
    }
    if (flush_to) {
      flush_to->push_back({std::move(slot.packet), lost_pending_});
      ++counters_.released;
    }
    lost_pending_ = 0;
  }
  slots_.clear();
  lost_pending_ = 0;
  next_ = highest_ = at;
  ++counters_.restarts;
}

bool ReceiveBuffer::insert(std::uint16_t sequence, std::vector<std::uint8_t> packet, TimePoint now, bool retransmitted) {
  if (!started_) {
    started_ = true;
    next_ = highest_ = sequence;
  }
  const std::int64_t at = extend(sequence);
  const auto max_gap = static_cast<std::int64_t>(config_.max_gap);
  if (at < next_) {
    if (next_ - at <= max_gap) {
      ++counters_.late;  // its gap was given up on, or it was released already
      return false;
    }
    restart(at, &pending_flush_);
  } else if (at > highest_ + max_gap) {
    restart(at, &pending_flush_);
  }
  if (at > highest_) {
    for (std::int64_t s = highest_ + 1; s < at; ++s) {
      Slot& missing = slots_[s];
      missing.missing_since = now;
      missing.next_nack = now + reorder_allowance();
    }
    highest_ = at;
  }
  Slot& slot = slots_[at];
  if (slot.present) {
    ++counters_.duplicates;
    return false;
  }
  if (retransmitted || slot.nacks > 0) ++counters_.recovered;
  slot.present = true;
  slot.packet = std::move(packet);
  // Bounded: the oldest gives way (released if there, given up on if missing).
  while (slots_.size() > config_.max_held) {
    auto oldest = slots_.begin();
    if (oldest->second.present) {
      pending_flush_.push_back({std::move(oldest->second.packet), lost_pending_});
      ++counters_.released;
      lost_pending_ = 0;
    } else {
      ++lost_pending_;
      ++counters_.lost;
    }
    slots_.erase(oldest);
    ++next_;
  }
  return true;
}

void ReceiveBuffer::release(TimePoint now, std::vector<Released>& out) {
  for (Released& r : pending_flush_) out.push_back(std::move(r));
  pending_flush_.clear();
  const milliseconds wait = delay();
  while (!slots_.empty()) {
    auto first = slots_.begin();
    if (first->first != next_) {  // cannot happen (slots are contiguous from next_); recover
      next_ = first->first;
      continue;
    }
    if (first->second.present) {
      out.push_back({std::move(first->second.packet), lost_pending_});
      ++counters_.released;
      lost_pending_ = 0;
    } else if (now - first->second.missing_since >= wait) {
      ++lost_pending_;
      ++counters_.lost;
    } else {
      break;
    }
    slots_.erase(first);
    ++next_;
  }
}

std::vector<std::uint16_t> ReceiveBuffer::nacks_due(TimePoint now) {
  std::vector<std::uint16_t> due;
  if (!config_.nack) return due;
  const milliseconds wait = delay();
  const milliseconds rtt = ms(rtt_ms_);
  for (auto& [sequence, slot] : slots_) {
    if (slot.present || slot.nacks >= config_.max_nacks || now < slot.next_nack) continue;
    if (now + rtt > slot.missing_since + wait) continue;  // the answer would come too late
    due.push_back(static_cast<std::uint16_t>(sequence));
    ++slot.nacks;
    ++counters_.nacked;
    slot.next_nack = now + retry_interval();
  }
  return due;
}

}  // namespace media
