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
// max_length, invitation_lead_time, document_lead_time (one per late document), ad_hoc_reason.
//  - type `other` is outside the decision: no rule applies to it;
//  - an ad-hoc meeting is exempt from both lead times but needs a non-empty reason;
//  - an overridable violation whose rule id is listed in draft.override_rules (which carries
//    a non-empty reason) is waived; naming a non-overridable rule waives nothing, and the
//    violation's message then says that the rule cannot be overridden.
// Throws InvalidInput("date", ...) when a date involved lies outside the calendar's years.
std::vector<Violation> check_booking(const MeetingDraft& draft, Instant booked_at, const Policy& policy,
                                     const TimeZone& zone);

// The last day on which the conclusion notice is on time: the policy's n-th (5th) working day
// after the local date on which the meeting ends (an end at exactly local midnight belongs to
// the day before). Throws InvalidInput outside the calendar's years.
Date conclusion_deadline(Instant meeting_end, const Policy& policy, const TimeZone& zone);

}  // namespace sched
