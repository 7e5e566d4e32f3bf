#pragma once
// Listens on PostgreSQL channel meetingd_changes (announced by triggers on every table the
// API serves, migration 0003) from a connection and thread of its own, and counts the
// announcements. While the listening connection is down, every generation() is new, so
// no cache is trusted; after a reconnect the count moves on.
#include <atomic>
#include <string>
#include <thread>

#include "scheduler/repositories.hpp"

namespace sched::pg {

class ChangeFeed final : public ChangeCounter {
 public:
  explicit ChangeFeed(std::string url);
  ~ChangeFeed() override;  // stops and joins the listener
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  [[nodiscard]] std::uint64_t generation() const override;
  void bump() override { ++counter_; }
  [[nodiscard]] bool listening() const { return listening_.load(); }

 private:
  void run();
  std::string url_;
  mutable std::atomic<std::uint64_t> counter_{1};
  std::atomic<bool> listening_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace sched::pg
