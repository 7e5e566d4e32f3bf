#pragma once
// The booking rules of DECREE-45.md, parameterised by a Policy. Two steps:
//  - validate_draft: is the request well formed? (throws InvalidInput on the first problem)
//  - check_booking:  does a well-formed request keep the decree's rules? (returns every
//    violation at once, so that the secretariat can fix them together)
#include <vector>

#include "scheduler/errors.hpp"
#include "scheduler/meeting.hpp"
#include "scheduler/policy.hpp"
#include "scheduler/time.hpp"
#include "scheduler/working_calendar.hpp"

namespace sched {

inline constexpr std::size_t kMaxTitleChars = 300;        // Unicode code points
inline constexpr std::size_t kMaxReasonChars = 2000;      // ad-hoc and override reasons
inline constexpr std::size_t kMaxAgendaItems = 200;

// Throws InvalidInput(field, message): empty or oversized title, end <= start, host_room_id
// <= 0, invalid room ids, empty chair name, oversized ad-hoc reason, override without rules or
// reason, agenda items that are empty or fall outside the slot, documents without a title,
// incomplete delegations, conclusion_org_id <= 0. Never looks at the policy.
void validate_draft(const MeetingDraft& draft);

// Every violation of the policy by a (valid) draft booked at `booked_at`, in a fixed order:
// max_length, working_time (day off, then hours), invitation_lead_time, document_lead_time
// (one per late document), ad_hoc_reason.
//  - type `other` is outside the decision: no rule applies to it;
//  - working_time: the local dates of the start and of the end are working days, the start
//    is not before the first session's start and the end not after the last session's end
//    (days in between a multi-day meeting's start and end are not looked at);
//  - an ad-hoc meeting is exempt from both lead times (and from working_time when the policy
//    says so) but needs a non-empty reason;
//  - an overridable violation whose rule id is listed in draft.override_rules (which carries
//    a non-empty reason) is waived; naming a non-overridable rule waives nothing, and the
//    violation's message then says that the rule cannot be overridden.
// Throws InvalidInput("date", ...) when a date involved lies outside the calendar's years.
std::vector<Violation> check_booking(const MeetingDraft& draft, Instant booked_at, const Policy& policy,
                                     const TimeZone& zone);
// The same over a calendar built from `policy` and kept (computing a year's holidays costs
// tens of microseconds; a kept calendar computes each year once).
std::vector<Violation> check_booking(const MeetingDraft& draft, Instant booked_at, const Policy& policy,
                                     const TimeZone& zone, const WorkingCalendar& calendar);

// What the working-day dates of a booking rest on. `provisional` when a year whose days are
// involved (from the lead-time deadlines to the conclusion deadline) has no Government notice
// in the policy: its days off are computed and may still move; `warnings` says so, in words.
struct CalendarNotes {
  Date invitation_due;  // last day on which the invitation is on time
  Date documents_due;   // last day on which documents are on time
  bool provisional = false;
  std::vector<int> provisional_years;
  std::vector<std::string> warnings;
};

// For every occurrence in `slots` (at least one): the due dates are those of the first.
// Throws InvalidInput outside the calendar's years.
CalendarNotes calendar_notes(const std::vector<Interval>& slots, const Policy& policy, const TimeZone& zone);
CalendarNotes calendar_notes(const std::vector<Interval>& slots, const Policy& policy, const TimeZone& zone,
                             const WorkingCalendar& calendar);

// A document that reached the invitees after the document lead time: delivered (the local
// date it was sent, or, when no sending is recorded, attached to the meeting) after `due`.
struct LateDocument {
  std::size_t index = 0;  // in draft.documents
  std::string title;
  Date delivered;
  Date due;
  std::string message;
};

// The late documents of a booked meeting (the document_lead_time rule, read on documents
// attached after booking: they are flagged, not refused). None for an ad-hoc meeting or type
// `other`, and none for a document neither sent nor attached yet.
std::vector<LateDocument> late_documents(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone);
std::vector<LateDocument> late_documents(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone,
                                         const WorkingCalendar& calendar);

// The last day on which the conclusion notice is on time: the policy's n-th (5th) working day
// after the local date on which the meeting ends (an end at exactly local midnight belongs to
// the day before). Throws InvalidInput outside the calendar's years.
Date conclusion_deadline(Instant meeting_end, const Policy& policy, const TimeZone& zone);

}  // namespace sched
