#pragma once
// Booking, changing and moving meetings through their lifecycle: the domain's use cases.
// It checks the request (validate_draft), resolves invitation selectors as of each
// occurrence's date, expands a recurrence, checks every occurrence against the policy and
// lets the repository write all occurrences or none (conflicts are refused there).
// Throws the domain errors of errors.hpp; never writes anything when it throws.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/errors.hpp"
#include "scheduler/lifecycle.hpp"
#include "scheduler/policy.hpp"
#include "scheduler/repositories.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/working_calendar.hpp"

namespace sched {

// Expands an RRULE from its first occurrence (scheduler/ical provides the real one).
using RecurrenceExpander = std::function<std::vector<Interval>(std::string_view rrule, Interval first)>;
using Clock = std::function<Instant()>;

// An occurrence of a series that fell on a day off: left out (`to` empty) or moved to the
// next working day at the same local time.
struct AdjustedOccurrence {
  Interval from;
  std::optional<Interval> to;
  std::string reason;  // the day off's name, "weekend", or why a move was not possible
};

// What booking did: the meetings written, the occurrences skipped or moved, and whether the
// dates rest on a provisional (computed, unannounced) calendar.
struct BookingReport {
  std::vector<Meeting> meetings;
  std::vector<AdjustedOccurrence> skipped;
  std::vector<AdjustedOccurrence> moved;
  CalendarNotes calendar;
};

// An Idempotency-Key for a booking (see IdempotencyClaim), answered from the whole report.
struct BookingClaim {
  long long token_id = 0;
  std::string key;
  std::string request_hash;
  std::function<RememberedAnswer(const BookingReport&)> answer;
};

class BookingService {
 public:
  BookingService(const Policy& policy, const TimeZone& zone, OrgDirectory& orgs, RoomDirectory& rooms,
                 MeetingRepository& meetings, RecurrenceExpander expand, Clock clock);

  // Books the meeting (every occurrence when it recurs); returns them in time order.
  std::vector<Meeting> book(const MeetingDraft& draft, const std::string& actor);
  // The same, and says what was skipped or moved (draft.on_days_off) and what is provisional.
  // With an Idempotency-Key claim, the key and its answer (made from this report) are stored
  // in the booking's own commit; a key answered before throws AlreadyAnswered, writing nothing.
  BookingReport book_with_report(const MeetingDraft& draft, const std::string& actor,
                                 const BookingClaim* claim = nullptr);

  // The checks of book() without writing anything (a dry run for booking forms): returns the
  // occurrences as they would be written, or throws what book() would throw, except
  // conflicts, which only the database decides.
  std::vector<Booking> check(const MeetingDraft& draft);

  // Replaces the booking's fields (a PATCH merged by the caller) if `expected_version` is
  // current. A postponed meeting given a new time is scheduled again.
  Meeting change(long long id, long long expected_version, const MeetingDraft& draft, const std::string& actor);

  // Applies a lifecycle event; postpone and cancel need a reason.
  Meeting apply(long long id, LifecycleEvent event, const std::string& reason, const std::string& actor,
                std::optional<long long> expected_version = std::nullopt);

  // The rooms the draft would occupy on `day`: explicit ones plus those of its selectors.
  std::vector<long long> resolve_rooms(const MeetingDraft& draft, Date day);

  [[nodiscard]] const Policy& policy() const { return policy_; }
  [[nodiscard]] const TimeZone& zone() const { return zone_; }
  // The working-day calendar of the policy, each year computed once (thread-safe).
  [[nodiscard]] const WorkingCalendar& calendar() const { return calendar_; }

 private:
  Booking prepare(const MeetingDraft& draft, Instant invited_at, std::vector<Violation>& violations,
                  const std::string& label);
  void check_rooms(const MeetingDraft& draft);
  // Every check of a booking; the occurrences to write, and in `report` what was skipped,
  // moved and is provisional. `rooms_in_write`: the organisations and rooms named are left to
  // the write (MustExist), looked up here only when the draft is refused by the rules.
  std::vector<Booking> checked(const MeetingDraft& draft, BookingReport& report, bool rooms_in_write);
  // Applies draft.on_days_off to the expanded slots; records what it left out or moved.
  std::vector<Interval> handle_days_off(const MeetingDraft& draft, const std::vector<Interval>& slots,
                                        BookingReport& report) const;

  const Policy& policy_;
  const TimeZone& zone_;
  WorkingCalendar calendar_;
  OrgDirectory& orgs_;
  RoomDirectory& rooms_;
  MeetingRepository& meetings_;
  RecurrenceExpander expand_;
  Clock clock_;
  AddressAllowList relay_allow_;  // policy.relay_allow
};

}  // namespace sched
