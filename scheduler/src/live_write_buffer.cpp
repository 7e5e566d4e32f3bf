#include "scheduler/live_write_buffer.hpp"

namespace sched {

std::string describe(const LiveWrite& w) {
  std::string what;
  switch (w.kind) {
    case LiveWrite::Kind::event: what = "event " + w.event_kind; break;
    case LiveWrite::Kind::hall_connected: what = "hall_connected"; break;
    case LiveWrite::Kind::halls_seen: what = "halls_seen"; break;
    case LiveWrite::Kind::hall_left: what = "hall_left"; break;
  }
  if (w.meeting_id != 0) what += " of meeting " + std::to_string(w.meeting_id);
  if (w.room_id != 0) what += ", hall " + std::to_string(w.room_id);
  return what;
}

LiveWriteBuffer::LiveWriteBuffer(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::optional<LiveWrite> LiveWriteBuffer::push(LiveWrite w) {
  std::optional<LiveWrite> dropped;
  if (queue_.size() >= capacity_) {
    dropped = std::move(queue_.front().write);
    queue_.pop_front();
    ++dropped_;
  }
  queue_.push_back({next_seq_++, std::move(w)});
  return dropped;
}

LiveWriteBuffer::Queued LiveWriteBuffer::submit(LiveWrite w, const LiveWriter& write) {
  {
    std::lock_guard lock(mutex_);
    if (!queue_.empty() || flushing_) return {true, push(std::move(w))};
  }
  if (write(w) != WriteOutcome::unavailable) return {};
  std::lock_guard lock(mutex_);
  return {true, push(std::move(w))};
}

LiveWriteBuffer::Flushed LiveWriteBuffer::flush(const LiveWriter& write) {
  Flushed out;
  std::unique_lock lock(mutex_);
  if (flushing_) return out;
  flushing_ = true;
  while (!queue_.empty()) {
    const Entry next = queue_.front();
    lock.unlock();
    const auto outcome = write(next.write);
    lock.lock();
    if (outcome == WriteOutcome::unavailable) break;
    // Dropped for room meanwhile (then it is no longer first): nothing to take off.
    if (!queue_.empty() && queue_.front().seq == next.seq) queue_.pop_front();
    if (outcome == WriteOutcome::written) ++out.written;
    else out.refused.push_back(next.write);
  }
  out.drained = queue_.empty();
  flushing_ = false;
  return out;
}

std::size_t LiveWriteBuffer::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::uint64_t LiveWriteBuffer::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace sched
