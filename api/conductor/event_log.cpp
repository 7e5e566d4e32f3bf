#include "conductor/event_log.hpp"

namespace conductor {

void EventLog::add(std::optional<MeetingId> meeting, std::optional<RoomId> room, const std::string& kind,
                   const std::string& detail) {
  writes_.event(meeting, room, kind, detail);
  {
    std::lock_guard lock(mutex_);
    ++written_;
  }
  wake_.notify_all();
}

std::vector<sched::LiveEvent> EventLog::after(long long after, std::chrono::milliseconds wait, int limit) {
  struct Slot {
    std::atomic<int>& n;
    bool counted;
    ~Slot() {
      if (counted) --n;
    }
  } slot{waiting_, false};
  if (wait.count() > 0) {
    slot.counted = ++waiting_ <= max_waiting_;
    if (!slot.counted) {
      --waiting_;
      wait = std::chrono::milliseconds(0);  // too many waiting already: answer now
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = written_;
    }
    auto found = live_.events_after(after, limit);
    if (!found.empty() || std::chrono::steady_clock::now() >= deadline) return found;
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(250)),
                     [&] { return stopping_ || written_ != seen; });
    if (stopping_) return {};
  }
}

void EventLog::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

}  // namespace conductor
