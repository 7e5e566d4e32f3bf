#include "scheduler/live_write_buffer.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sched {
namespace {

LiveWrite left_at(int seconds, long long room = 7) {
  LiveWrite w;
  w.kind = LiveWrite::Kind::hall_left;
  w.at = Instant{} + std::chrono::seconds(seconds);
  w.meeting_id = 1;
  w.room_id = room;
  return w;
}

// A database that is down or up, and what reached it.
struct Database {
  bool up = true;
  std::vector<LiveWrite> stored;
  std::set<int> refuses;  // times of the records it refuses
  WriteOutcome write(const LiveWrite& w) {
    if (!up) return WriteOutcome::unavailable;
    if (refuses.contains(static_cast<int>(w.at.time_since_epoch().count()))) return WriteOutcome::refused;
    stored.push_back(w);
    return WriteOutcome::written;
  }
  LiveWriter writer() {
    return [this](const LiveWrite& w) { return write(w); };
  }
};

TEST(LiveWriteBuffer, WritesAtOnceWhileTheDatabaseAnswers) {
  LiveWriteBuffer buffer(10);
  Database db;
  EXPECT_FALSE(buffer.submit(left_at(1), db.writer()).waiting);
  EXPECT_EQ(db.stored, std::vector<LiveWrite>{left_at(1)});
  EXPECT_EQ(buffer.waiting(), 0u);
}

TEST(LiveWriteBuffer, KeepsRecordsWhileTheDatabaseIsDownAndWritesThemInOrderWithTheirTimesOnceItIsBack) {
  LiveWriteBuffer buffer(10);
  Database db;
  db.up = false;
  int attempts = 0;
  const LiveWriter counting = [&](const LiveWrite& w) {
    ++attempts;
    return db.write(w);
  };
  for (int t = 1; t <= 3; ++t) EXPECT_TRUE(buffer.submit(left_at(t, t), counting).waiting);
  EXPECT_EQ(attempts, 1);  // once one found it down, the others wait without trying
  EXPECT_FALSE(buffer.flush(counting).drained);
  EXPECT_EQ(attempts, 2);  // a flush tries the oldest only while it is down
  EXPECT_EQ(buffer.waiting(), 3u);
  db.up = true;
  buffer.submit(left_at(4, 4), counting);  // still behind the three before it
  EXPECT_TRUE(db.stored.empty());
  const auto flushed = buffer.flush(counting);
  EXPECT_TRUE(flushed.drained);
  EXPECT_EQ(flushed.written, 4u);
  EXPECT_EQ(db.stored, (std::vector<LiveWrite>{left_at(1, 1), left_at(2, 2), left_at(3, 3), left_at(4, 4)}));
  EXPECT_FALSE(buffer.submit(left_at(5), counting).waiting);  // drained: written at once again
}

TEST(LiveWriteBuffer, AFlushStoppedByTheDatabaseGoingDownAgainResumesWhereItStoppedWithoutRepeating) {
  LiveWriteBuffer buffer(10);
  Database db;
  db.up = false;
  for (int t = 1; t <= 3; ++t) buffer.submit(left_at(t), db.writer());
  db.up = true;
  int calls = 0;
  const auto flushed = buffer.flush([&](const LiveWrite& w) {
    if (++calls == 2) db.up = false;  // down again after the first one
    return db.write(w);
  });
  EXPECT_EQ(flushed.written, 1u);
  EXPECT_EQ(buffer.waiting(), 2u);
  db.up = true;
  buffer.flush(db.writer());
  EXPECT_EQ(db.stored, (std::vector<LiveWrite>{left_at(1), left_at(2), left_at(3)}));
}

TEST(LiveWriteBuffer, WhenFullTheOldestIsDroppedAndCounted) {
  LiveWriteBuffer buffer(2);
  Database db;
  db.up = false;
  EXPECT_FALSE(buffer.submit(left_at(1), db.writer()).dropped);
  EXPECT_FALSE(buffer.submit(left_at(2), db.writer()).dropped);
  const auto third = buffer.submit(left_at(3), db.writer());
  ASSERT_TRUE(third.dropped);
  EXPECT_EQ(*third.dropped, left_at(1));
  EXPECT_EQ(buffer.dropped(), 1u);
  db.up = true;
  buffer.flush(db.writer());
  EXPECT_EQ(db.stored, (std::vector<LiveWrite>{left_at(2), left_at(3)}));
}

TEST(LiveWriteBuffer, ARecordTheDatabaseRefusesIsDroppedAndDoesNotHoldUpTheOthers) {
  LiveWriteBuffer buffer(10);
  Database db;
  db.up = false;
  for (int t = 1; t <= 3; ++t) buffer.submit(left_at(t), db.writer());
  db.up = true;
  db.refuses = {2};
  const auto flushed = buffer.flush(db.writer());
  EXPECT_TRUE(flushed.drained);
  EXPECT_EQ(flushed.refused, std::vector<LiveWrite>{left_at(2)});
  EXPECT_EQ(db.stored, (std::vector<LiveWrite>{left_at(1), left_at(3)}));
}

TEST(LiveWriteBuffer, ARecordDroppedForRoomWhileBeingWrittenIsNotTakenOffTwice) {
  LiveWriteBuffer buffer(2);
  Database db;
  db.up = false;
  buffer.submit(left_at(1), db.writer());
  buffer.submit(left_at(2), db.writer());
  db.up = true;
  bool once = false;
  buffer.flush([&](const LiveWrite& w) {
    // While the oldest is being written, two more arrive: the buffer makes room by dropping it.
    if (!once) {
      once = true;
      buffer.submit(left_at(3), db.writer());
      buffer.submit(left_at(4), db.writer());
    }
    return db.write(w);
  });
  // 1 was written (and counted dropped: its write was in flight), 2 was dropped, then 3 and 4.
  EXPECT_EQ(db.stored, (std::vector<LiveWrite>{left_at(1), left_at(3), left_at(4)}));
  EXPECT_EQ(buffer.dropped(), 2u);
}

TEST(LiveWriteBuffer, SaysWhatARecordIsForTheLog) {
  EXPECT_EQ(describe(left_at(1)), "hall_left of meeting 1, hall 7");
}

}  // namespace
}  // namespace sched
