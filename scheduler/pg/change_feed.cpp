#include "pg/change_feed.hpp"

#include <chrono>
#include <pqxx/pqxx>

namespace sched::pg {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, std::atomic<std::uint64_t>& counter)
      : pqxx::notification_receiver(c, "meetingd_changes"), counter_(counter) {}
  void operator()(const std::string&, int) override { ++counter_; }

 private:
  std::atomic<std::uint64_t>& counter_;
};

}  // namespace

ChangeFeed::ChangeFeed(std::string url) : url_(std::move(url)), thread_([this] { run(); }) {}

ChangeFeed::~ChangeFeed() {
  stopping_ = true;
  thread_.join();
}

std::uint64_t ChangeFeed::generation() const {
  if (!listening_.load()) return ++counter_;  // nobody tells us of changes: trust nothing
  return counter_.load();
}

void ChangeFeed::run() {
  while (!stopping_) {
    try {
      pqxx::connection conn(url_);
      Receiver receiver(conn, counter_);
      conn.get_notifs();
      ++counter_;  // changes may have happened while we were not listening
      listening_ = true;
      while (!stopping_) conn.await_notification(0, 200000);
    } catch (const std::exception&) {
      listening_ = false;
      ++counter_;
      for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  listening_ = false;
}

}  // namespace sched::pg
