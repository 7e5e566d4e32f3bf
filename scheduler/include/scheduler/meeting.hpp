#pragma once
// A meeting as the secretariat books it, and its lifecycle status.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/org.hpp"
#include "scheduler/relay.hpp"
#include "scheduler/time.hpp"

namespace sched {

// The keys of DECREE-45.md; `other` is outside the decision's scope (no duration or
// lead-time rules).
enum class MeetingType {
  briefing,
  work_resolution,
  advisory,
  coordination,
  professional,
  thematic,
  review,
  training,
  other
};

std::string_view to_string(MeetingType type);
std::optional<MeetingType> meeting_type_from(std::string_view text);

// scheduled -> rehearsal -> live -> ended; postponed / cancelled with a reason.
enum class MeetingStatus { scheduled, rehearsal, live, ended, postponed, cancelled };

std::string_view to_string(MeetingStatus status);
std::optional<MeetingStatus> meeting_status_from(std::string_view text);

// Whether a meeting in this status holds its rooms and its chair.
bool holds_slot(MeetingStatus status);

struct Chair {
  std::string name;
  std::string position;
  bool operator==(const Chair&) const = default;
};

struct AgendaItem {
  std::string title;
  std::optional<Instant> start;
  std::optional<int> minutes;          // planned length
  std::optional<int> speaking_limit;   // maximum speaking time per speaker, minutes
  bool operator==(const AgendaItem&) const = default;
};

struct Document {
  std::string title;
  std::string link;
  std::optional<Instant> sent_at;  // empty while not yet sent
  // When the service first received this document (title and link) for the meeting; set by
  // the booking service, never by the client, and kept when a change re-sends the document.
  std::optional<Instant> attached_at;
  bool operator==(const Document&) const = default;
};

// Who attends for an invited head (an authorised deputy, with the chair's consent).
struct Delegation {
  long long room_id = 0;
  std::string for_name;       // the invited head
  std::string attendee_name;  // who attends instead
  std::string attendee_position;
  bool operator==(const Delegation&) const = default;
};

// Invites every unit of `level` (optionally only below the unit whose code is `under`),
// resolved as of the meeting's date; their active rooms are invited.
struct Selector {
  std::optional<OrgLevel> level;
  std::optional<std::string> under;  // org code
  bool operator==(const Selector&) const = default;
};

// A request to waive overridable rules, with the reason that is recorded.
struct RuleOverride {
  std::vector<std::string> rules;
  std::string reason;
  bool operator==(const RuleOverride&) const = default;
};

// What a recurring series does with an occurrence whose date is not a working day: keep it
// (and let the working-time rule refuse it unless waived), leave it out, or move it to the
// next working day at the same local time. Chosen per booking; not stored.
enum class DaysOffHandling { keep, skip, next_working_day };

std::string_view to_string(DaysOffHandling handling);
std::optional<DaysOffHandling> days_off_handling_from(std::string_view text);

// What a booking request carries (before ids and status exist).
struct MeetingDraft {
  std::string title;
  MeetingType type = MeetingType::other;
  long long organiser_org_id = 0;
  Chair chair;
  long long host_room_id = 0;
  std::vector<long long> room_ids;   // explicitly invited rooms
  std::vector<Selector> invite;      // selectors, resolved into room_ids at booking
  Interval slot;
  bool ad_hoc = false;
  std::string ad_hoc_reason;
  std::vector<AgendaItem> agenda;
  std::vector<Document> documents;
  std::vector<Delegation> delegations;
  bool conclusion_required = false;
  std::optional<long long> conclusion_org_id;
  std::optional<RuleOverride> override_rules;
  std::optional<std::string> recurrence;  // RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1MO;COUNT=6
  DaysOffHandling on_days_off = DaysOffHandling::keep;  // a series only
  std::optional<Relay> relay;  // the meeting relays an outside session (relay.hpp)
};

struct Meeting {
  long long id = 0;
  long long version = 1;  // bumps on every change; the ETag
  MeetingDraft draft;
  MeetingStatus status = MeetingStatus::scheduled;
  std::string status_reason;
  std::optional<long long> series_id;
  std::optional<Instant> conclusion_sent_at;
  Instant created_at{};
  std::string created_by;
};

}  // namespace sched
