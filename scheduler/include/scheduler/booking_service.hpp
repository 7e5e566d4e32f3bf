#pragma once
// Booking, changing and moving meetings through their lifecycle: the domain's use cases.
// It checks the request (validate_draft), resolves invitation selectors as of each
// occurrence's date, expands a recurrence, checks every occurrence against the policy and
// lets the repository write all occurrences or none (conflicts are refused there).
// Throws the domain errors of errors.hpp; never writes anything when it throws.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/errors.hpp"
#include "scheduler/lifecycle.hpp"
#include "scheduler/policy.hpp"
#include "scheduler/repositories.hpp"

namespace sched {

// Expands an RRULE from its first occurrence (scheduler/ical provides the real one).
using RecurrenceExpander = std::function<std::vector<Interval>(std::string_view rrule, Interval first)>;
using Clock = std::function<Instant()>;

class BookingService {
 public:
  BookingService(const Policy& policy, const TimeZone& zone, OrgDirectory& orgs, RoomDirectory& rooms,
                 MeetingRepository& meetings, RecurrenceExpander expand, Clock clock);

  // Books the meeting (every occurrence when it recurs); returns them in time order.
  std::vector<Meeting> book(const MeetingDraft& draft, const std::string& actor);

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

 private:
  Booking prepare(const MeetingDraft& draft, Instant invited_at, std::vector<Violation>& violations,
                  const std::string& label);
  void check_rooms(const MeetingDraft& draft);

  const Policy& policy_;
  const TimeZone& zone_;
  OrgDirectory& orgs_;
  RoomDirectory& rooms_;
  MeetingRepository& meetings_;
  RecurrenceExpander expand_;
  Clock clock_;
};

}  // namespace sched
