#include "conductor/live_writes.hpp"

#include <cstdio>
#include <random>

#include "log/log.hpp"
#include "scheduler/errors.hpp"

namespace conductor {
namespace {

std::string random_prefix() {
  std::random_device random;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", random());
    out += hex;
  }
  return out;
}

std::string utc_text(sched::Instant t) {  // 2026-12-02T08:00:00Z
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  char out[64];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return out;
}

bool unavailable_only(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const sched::Unavailable&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

LiveWrites::LiveWrites(sched::LiveRepository& live, sched::Clock clock, std::size_t capacity, TransientError transient)
    : live_(live),
      clock_(std::move(clock)),
      transient_(transient ? std::move(transient) : TransientError(unavailable_only)),
      buffer_(capacity),
      capacity_(capacity),
      key_prefix_(random_prefix()) {}

void LiveWrites::event(std::optional<MeetingId> meeting, std::optional<RoomId> room, const std::string& kind,
                       const std::string& detail) {
  sched::LiveWrite w;
  w.kind = sched::LiveWrite::Kind::event;
  w.at = clock_();
  w.meeting_id = meeting ? meeting->value : 0;
  w.room_id = room ? room->value : 0;
  w.event_kind = kind;
  w.detail = detail;
  w.key = key_prefix_ + "-" + std::to_string(next_key_++);
  submit(std::move(w));
}

void LiveWrites::hall_connected(MeetingId meeting, RoomId room, sched::Instant at) {
  submit({sched::LiveWrite::Kind::hall_connected, at, meeting.value, room.value, {}, {}, {}, {}});
}

void LiveWrites::halls_seen(MeetingId meeting, const std::vector<long long>& rooms, sched::Instant at) {
  if (rooms.empty()) return;
  submit({sched::LiveWrite::Kind::halls_seen, at, meeting.value, 0, rooms, {}, {}, {}});
}

void LiveWrites::hall_left(MeetingId meeting, RoomId room, sched::Instant at) {
  submit({sched::LiveWrite::Kind::hall_left, at, meeting.value, room.value, {}, {}, {}, {}});
}

void LiveWrites::submit(sched::LiveWrite w) {
  const auto queued = buffer_.submit(std::move(w), [this](const sched::LiveWrite& x) { return write(x); });
  if (queued.waiting && !told_waiting_.exchange(true))
    logging::warn("conductor: the database is unavailable: events and attendance are kept in memory (at most " +
                  std::to_string(capacity_) + ") and written once it is back");
  if (queued.dropped)
    logging::warn("conductor: too many records kept while the database is unavailable: dropped the oldest, " +
                  describe(*queued.dropped) + " at " + utc_text(queued.dropped->at) + " (" +
                  std::to_string(buffer_.dropped()) + " dropped in all)");
}

void LiveWrites::flush() {
  if (!waiting()) return;
  const auto flushed = buffer_.flush([this](const sched::LiveWrite& x) { return write(x); });
  for (const auto& w : flushed.refused)
    logging::warn("conductor: the database refused a kept record, " + describe(w) + "; dropped");
  if (flushed.drained) {
    told_waiting_ = false;
    logging::info("conductor: the database is back: wrote the " + std::to_string(flushed.written) +
                  " events and attendance records kept meanwhile");
  }
}

sched::WriteOutcome LiveWrites::write(const sched::LiveWrite& w) {
  try {
    switch (w.kind) {
      case sched::LiveWrite::Kind::event:
        live_.add_event(w.meeting_id ? std::optional(w.meeting_id) : std::nullopt,
                        w.room_id ? std::optional(w.room_id) : std::nullopt, w.event_kind, w.detail, w.at, w.key);
        break;
      case sched::LiveWrite::Kind::hall_connected: live_.hall_connected(w.meeting_id, w.room_id, w.at); break;
      case sched::LiveWrite::Kind::halls_seen: live_.halls_seen(w.meeting_id, w.room_ids, w.at); break;
      case sched::LiveWrite::Kind::hall_left: live_.hall_left(w.meeting_id, w.room_id, w.at); break;
    }
    return sched::WriteOutcome::written;
  } catch (const std::exception& e) {
    if (transient_(std::current_exception())) return sched::WriteOutcome::unavailable;
    logging::warn("conductor: " + describe(w) + ": " + e.what());
    return sched::WriteOutcome::refused;
  }
}

}  // namespace conductor
