#include "scheduler/booking_service.hpp"

#include <algorithm>
#include <set>

#include "scheduler/errors.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/selectors.hpp"
#include "scheduler/working_calendar.hpp"

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

// Whether the organisations and rooms a draft names can be checked by the write itself
// instead of a look-up before it: a single meeting with no selectors (whose rooms come from a
// look-up anyway) and no delegations (whose check comes after the rooms').
bool named_checked_in_write(const MeetingDraft& d) {
  return !d.recurrence && d.invite.empty() && d.delegations.empty();
}

MustExist named_in(const MeetingDraft& d) {
  MustExist out{{d.organiser_org_id}, {d.host_room_id}};
  if (d.conclusion_org_id && *d.conclusion_org_id != d.organiser_org_id) out.org_ids.push_back(*d.conclusion_org_id);
  for (long long id : d.room_ids)
    if (std::find(out.room_ids.begin(), out.room_ids.end(), id) == out.room_ids.end()) out.room_ids.push_back(id);
  return out;
}

}  // namespace

BookingService::BookingService(const Policy& policy, const TimeZone& zone, OrgDirectory& orgs, RoomDirectory& rooms,
                               MeetingRepository& meetings, RecurrenceExpander expand, Clock clock)
    : policy_(policy),
      zone_(zone),
      calendar_(policy),
      orgs_(orgs),
      rooms_(rooms),
      meetings_(meetings),
      expand_(std::move(expand)),
      clock_(std::move(clock)),
      relay_allow_(policy.relay_allow) {}

void BookingService::check_rooms(const MeetingDraft& d) {
  std::vector<long long> org_ids{d.organiser_org_id};
  if (d.conclusion_org_id) org_ids.push_back(*d.conclusion_org_id);
  std::vector<long long> room_ids{d.host_room_id};
  room_ids.insert(room_ids.end(), d.room_ids.begin(), d.room_ids.end());
  // One look-up for everything the draft names; the refusals keep the order of the fields.
  const NamedInBooking named = rooms_.find_named(org_ids, room_ids, orgs_);
  auto org_exists = [&](long long id) {
    return std::find(named.org_ids.begin(), named.org_ids.end(), id) != named.org_ids.end();
  };
  if (!org_exists(d.organiser_org_id))
    throw InvalidInput("organiser_org_id", "organisation " + std::to_string(d.organiser_org_id) + " does not exist");
  if (d.conclusion_org_id && !org_exists(*d.conclusion_org_id))
    throw InvalidInput("conclusion_org_id", "organisation " + std::to_string(*d.conclusion_org_id) + " does not exist");
  auto require_active = [&](long long id, const char* field) {
    const auto room = std::find_if(named.rooms.begin(), named.rooms.end(), [&](const Room& r) { return r.id == id; });
    if (room == named.rooms.end()) throw InvalidInput(field, "room " + std::to_string(id) + " does not exist");
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
  for (auto v : check_booking(d, invited_at, policy_, zone_, calendar_)) {
    if (!label.empty()) v.message = label + ": " + v.message;
    violations.push_back(std::move(v));
  }
  return b;
}

std::vector<Interval> BookingService::handle_days_off(const MeetingDraft& draft, const std::vector<Interval>& slots,
                                                      BookingReport& report) const {
  if (draft.on_days_off == DaysOffHandling::keep) return slots;
  const WorkingCalendar& calendar = calendar_;
  std::vector<Interval> kept;
  std::set<std::chrono::sys_days> taken;  // local dates that already hold an occurrence
  for (const auto& slot : slots) taken.insert(std::chrono::sys_days{local_date(zone_, slot.start)});
  for (const auto& slot : slots) {
    const Date day = local_date(zone_, slot.start);
    if (calendar.is_working_day(day)) {
      kept.push_back(slot);
      continue;
    }
    std::string why = calendar.day_off_name(day);
    if (why.empty()) why = "weekend";
    if (draft.on_days_off == DaysOffHandling::skip) {
      report.skipped.push_back({slot, std::nullopt, why});
      continue;
    }
    const Date target = calendar.working_day_on_or_after(day);
    if (taken.contains(std::chrono::sys_days{target})) {
      report.skipped.push_back({slot, std::nullopt, why + "; the next working day, " + describe(target) +
                                                        ", already has an occurrence"});
      continue;
    }
    taken.insert(std::chrono::sys_days{target});
    const auto shift = std::chrono::sys_days{target} - std::chrono::sys_days{day};
    // The same local time on the new date (Vietnam keeps one offset all year, so whole days).
    const Instant start = zone_.to_instant(zone_.to_local(slot.start) + shift);
    const Interval moved{start, start + slot.length()};
    report.moved.push_back({slot, moved, why});
    kept.push_back(moved);
  }
  std::sort(kept.begin(), kept.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  if (kept.empty()) throw InvalidInput("recurrence", "every occurrence of the series falls on a day off");
  return kept;
}

std::vector<Meeting> BookingService::book(const MeetingDraft& draft, const std::string& actor) {
  return book_with_report(draft, actor).meetings;
}

BookingReport BookingService::book_with_report(const MeetingDraft& draft, const std::string& actor,
                                               const BookingClaim* claim) {
  BookingReport report;
  // The common booking: its organisations and rooms are checked by the write (one round trip).
  const bool in_write = named_checked_in_write(draft);
  const auto bookings = checked(draft, report, in_write);
  std::optional<IdempotencyClaim> stored;
  if (claim)
    stored = IdempotencyClaim{claim->token_id, claim->key, claim->request_hash, [&](const std::vector<Meeting>& made) {
                                report.meetings = made;
                                return claim->answer(report);
                              }};
  if (!in_write) {
    report.meetings = meetings_.create(bookings, actor, stored ? &*stored : nullptr);
    return report;
  }
  const MustExist named = named_in(draft);
  try {
    report.meetings = meetings_.create(bookings, actor, stored ? &*stored : nullptr, &named);
  } catch (const NamedMissing&) {
    check_rooms(draft);  // says which one (InvalidInput), as the look-up before the write would have
    // All there after all (a room activated meanwhile): written as a booking looked up first would be.
    report.meetings = meetings_.create(bookings, actor, stored ? &*stored : nullptr);
  }
  return report;
}

std::vector<Booking> BookingService::check(const MeetingDraft& draft) {
  BookingReport report;
  return checked(draft, report, false);
}

std::vector<Booking> BookingService::checked(const MeetingDraft& draft, BookingReport& report, bool rooms_in_write) {
  validate_draft(draft);
  if (draft.relay) check_relay(*draft.relay, relay_allow_);
  if (!rooms_in_write) check_rooms(draft);
  const Instant now = clock_();
  MeetingDraft stamped = draft;
  for (auto& doc : stamped.documents) doc.attached_at = now;
  std::vector<Interval> slots{draft.slot};
  if (draft.recurrence) slots = handle_days_off(draft, expand_(*draft.recurrence, draft.slot), report);
  std::vector<Booking> bookings;
  std::vector<Violation> violations;
  for (const auto& slot : slots) {
    const std::string label = slots.size() > 1 ? "occurrence " + describe(local_date(zone_, slot.start)) : "";
    bookings.push_back(prepare(shifted(stamped, slot), now, violations, label));
  }
  if (!violations.empty()) {
    if (rooms_in_write) check_rooms(draft);  // a missing room is said before the rules, as always
    throw RuleViolation(std::move(violations));
  }
  report.calendar = calendar_notes(slots, policy_, zone_, calendar_);
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
  if (draft.relay) check_relay(*draft.relay, relay_allow_);
  check_rooms(draft);
  const bool moved = !(draft.slot == current->draft.slot);
  // The invitation went out when the meeting was booked; a new time is a new invitation.
  const Instant now = clock_();
  // (created_at is the database's clock; never later than the service's own, which tests fix)
  const Instant invited_at = moved ? now : std::min(current->created_at, now);
  // A document keeps the time it was first attached; one that is new (by title and link) is attached now.
  MeetingDraft stamped = draft;
  for (auto& doc : stamped.documents) {
    const auto& before = current->draft.documents;
    const auto it = std::find_if(before.begin(), before.end(),
                                 [&](const Document& d) { return d.title == doc.title && d.link == doc.link; });
    doc.attached_at = it != before.end() && it->attached_at ? it->attached_at : std::optional<Instant>(now);
  }
  std::vector<Violation> violations;
  Booking b = prepare(stamped, invited_at, violations, "");
  // Documents that come after booking are checked too, but a late one is flagged on the
  // meeting (late_documents) rather than refused: refusing would keep the document from the
  // invitees altogether.
  std::erase_if(violations, [&](const Violation& v) { return v.rule == policy_.document_rule.id; });
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
