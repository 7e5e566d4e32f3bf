#include "scheduler/booking_service.hpp"

#include <algorithm>

#include "scheduler/errors.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/selectors.hpp"

namespace sched {
namespace {

// Moves every time inside the draft (agenda, documents) along with the slot.
MeetingDraft shifted(const MeetingDraft& d, Interval slot) {
  MeetingDraft out = d;
  const auto delta = slot.start - d.slot.start;
  out.slot = slot;
  for (auto& a : out.agenda)
    if (a.start) *a.start += delta;
  return out;
}

std::string describe(Date d) {
  return std::to_string(static_cast<int>(d.year())) + "-" + (static_cast<unsigned>(d.month()) < 10 ? "0" : "") +
         std::to_string(static_cast<unsigned>(d.month())) + "-" + (static_cast<unsigned>(d.day()) < 10 ? "0" : "") +
         std::to_string(static_cast<unsigned>(d.day()));
}

}  // namespace

BookingService::BookingService(const Policy& policy, const TimeZone& zone, OrgDirectory& orgs, RoomDirectory& rooms,
                               MeetingRepository& meetings, RecurrenceExpander expand, Clock clock)
    : policy_(policy),
      zone_(zone),
      orgs_(orgs),
      rooms_(rooms),
      meetings_(meetings),
      expand_(std::move(expand)),
      clock_(std::move(clock)) {}

void BookingService::check_rooms(const MeetingDraft& d) {
  if (!orgs_.find_org(d.organiser_org_id))
    throw InvalidInput("organiser_org_id", "organisation " + std::to_string(d.organiser_org_id) + " does not exist");
  if (d.conclusion_org_id && !orgs_.find_org(*d.conclusion_org_id))
    throw InvalidInput("conclusion_org_id", "organisation " + std::to_string(*d.conclusion_org_id) + " does not exist");
  auto require_active = [&](long long id, const char* field) {
    auto room = rooms_.find_room(id);
    if (!room) throw InvalidInput(field, "room " + std::to_string(id) + " does not exist");
    if (!room->active) throw InvalidInput(field, "room " + std::to_string(id) + " is not active");
  };
  require_active(d.host_room_id, "host_room_id");
  for (long long id : d.room_ids) require_active(id, "room_ids");
  for (const auto& g : d.delegations)
    if (g.room_id != d.host_room_id && std::find(d.room_ids.begin(), d.room_ids.end(), g.room_id) == d.room_ids.end() &&
        d.invite.empty())
      throw InvalidInput("delegations", "a delegation names room " + std::to_string(g.room_id) + ", which is not invited");
}

std::vector<long long> BookingService::resolve_rooms(const MeetingDraft& d, Date day) {
  std::vector<long long> rooms = d.room_ids;
  if (!d.invite.empty()) {
    auto org_ids = resolve_selectors(d.invite, orgs_.orgs_valid_on(day));
    auto selected = rooms_.active_rooms_of(org_ids);
    rooms.insert(rooms.end(), selected.begin(), selected.end());
  }
  std::sort(rooms.begin(), rooms.end());
  rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
  std::erase(rooms, d.host_room_id);
  return rooms;
}

Booking BookingService::prepare(const MeetingDraft& d, Instant invited_at, std::vector<Violation>& violations,
                                const std::string& label) {
  Booking b{d};
  b.draft.room_ids = resolve_rooms(d, local_date(zone_, d.slot.start));
  for (auto v : check_booking(d, invited_at, policy_, zone_)) {
    if (!label.empty()) v.message = label + ": " + v.message;
    violations.push_back(std::move(v));
  }
  return b;
}

std::vector<Meeting> BookingService::book(const MeetingDraft& draft, const std::string& actor) {
  return meetings_.create(check(draft), actor);
}

std::vector<Booking> BookingService::check(const MeetingDraft& draft) {
  validate_draft(draft);
  check_rooms(draft);
  const Instant now = clock_();
  std::vector<Interval> slots{draft.slot};
  if (draft.recurrence) slots = expand_(*draft.recurrence, draft.slot);
  std::vector<Booking> bookings;
  std::vector<Violation> violations;
  for (const auto& slot : slots) {
    const std::string label = slots.size() > 1 ? "occurrence " + describe(local_date(zone_, slot.start)) : "";
    bookings.push_back(prepare(shifted(draft, slot), now, violations, label));
  }
  if (!violations.empty()) throw RuleViolation(std::move(violations));
  return bookings;
}

Meeting BookingService::change(long long id, long long expected_version, const MeetingDraft& draft,
                               const std::string& actor) {
  auto current = meetings_.find(id);
  if (!current) throw NotFound("meeting " + std::to_string(id) + " does not exist");
  if (current->version != expected_version)
    throw StaleVersion("meeting " + std::to_string(id) + " has changed since version " +
                       std::to_string(expected_version));
  if (!holds_slot(current->status) && current->status != MeetingStatus::postponed)
    throw InvalidTransition("a meeting that is " + std::string(to_string(current->status)) + " cannot be changed");
  validate_draft(draft);
  check_rooms(draft);
  const bool moved = !(draft.slot == current->draft.slot);
  // The invitation went out when the meeting was booked; a new time is a new invitation.
  const Instant invited_at = moved ? clock_() : current->created_at;
  std::vector<Violation> violations;
  Booking b = prepare(draft, invited_at, violations, "");
  if (!violations.empty()) throw RuleViolation(std::move(violations));
  MeetingStatus status = current->status;
  if (status == MeetingStatus::postponed && moved) status = next_status(status, LifecycleEvent::reschedule);
  return meetings_.update(id, expected_version, b, status, actor);
}

Meeting BookingService::apply(long long id, LifecycleEvent event, const std::string& reason, const std::string& actor,
                              std::optional<long long> expected_version) {
  if ((event == LifecycleEvent::postpone || event == LifecycleEvent::cancel) &&
      reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InvalidInput("reason", "a reason is required to " + std::string(to_string(event)) + " a meeting");
  if (reason.size() > kMaxReasonChars * 4) throw InvalidInput("reason", "the reason is too long");
  auto current = meetings_.find(id);
  if (!current) throw NotFound("meeting " + std::to_string(id) + " does not exist");
  const MeetingStatus to = next_status(current->status, event);
  return meetings_.set_status(id, expected_version, current->status, to, std::string(to_string(event)), reason, actor);
}

}  // namespace sched
