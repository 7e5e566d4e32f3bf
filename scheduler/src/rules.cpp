// Booking rules of DECREE-45.md; see rules.hpp for the contracts and
// scheduler/policy/README.md for how each rule is read.
#include "scheduler/rules.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "scheduler/working_calendar.hpp"

namespace sched {
namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::seconds;

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Unicode code points of a UTF-8 string (continuation bytes are not counted).
std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// "4h30" — minutes are rounded up so that 4h30m01s reads "4h31", never "4h30".
std::string hours_minutes(seconds length) {
  const auto total = (length.count() + 59) / 60;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lldh%02lld", static_cast<long long>(total / 60), static_cast<long long>(total % 60));
  return buf;
}

std::string clock_time(Minutes after_midnight) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(after_midnight.count() / 60),
                static_cast<int>(after_midnight.count() % 60));
  return buf;
}

std::string plural(long long n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

Violation violation(const RuleSource& source, std::string message) {
  return Violation{source.id, source.article, std::move(message), source.overridable};
}

std::string field_at(const char* list, std::size_t i, const char* member) {
  return std::string(list) + "[" + std::to_string(i) + "]." + member;
}

void check_max_length(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone,
                      const WorkingCalendar& calendar, std::vector<Violation>& out) {
  const auto it = policy.max_length.find(draft.type);
  if (it == policy.max_length.end()) return;
  const MaxLength& max = it->second;
  const seconds length = draft.slot.length();
  const std::string type{to_string(draft.type)};

  if (max.unit == MaxLength::Unit::session) {
    // ½ working day = one session: the meeting may not be longer than `count` longest sessions.
    const seconds limit = max.count * longest_session(policy);
    if (length > limit)
      out.push_back(violation(max.source, "a " + type + " meeting may last at most " + plural(max.count, "session") +
                                              " (" + hours_minutes(limit) + "); this one lasts " +
                                              hours_minutes(length)));
    return;
  }

  const Date first_day = local_date(zone, draft.slot.start);
  const Date last_day = local_date(zone, draft.slot.end - seconds{1});  // the end is exclusive
  if (max.count == 1) {
    // One working day: within one local date and no longer than the working-day span.
    const Minutes span = working_day_span(policy);
    const Minutes day_start = policy.sessions.empty() ? Minutes{0} : policy.sessions.front().start;
    if (length > span || first_day != last_day)
      out.push_back(violation(max.source, "a " + type + " meeting may last at most 1 working day (" +
                                              hours_minutes(span) + ", " + clock_time(day_start) + "–" +
                                              clock_time(day_start + span) + ", on one date); this one lasts " +
                                              hours_minutes(length) + " from " + iso_date(first_day) + " to " +
                                              iso_date(last_day)));
    return;
  }
  // Several working days: the meeting may touch at most `count` working days.
  const int touched = calendar.working_days_between(Date{std::chrono::sys_days{first_day} - days{1}}, last_day);
  if (touched > max.count)
    out.push_back(violation(max.source, "a " + type + " meeting may last at most " +
                                            plural(max.count, "working day") + "; this one spans " +
                                            plural(touched, "working day") + " from " + iso_date(first_day) +
                                            " to " + iso_date(last_day)));
}

const char* weekday_name(Date d) {
  static constexpr const char* kNames[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  return kNames[std::chrono::weekday{std::chrono::sys_days{d}}.c_encoding()];
}

void check_working_time(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone,
                        const WorkingCalendar& calendar, std::vector<Violation>& out) {
  std::string exemption;
  if (policy.working_time_ad_hoc_exempt) exemption = "an ad-hoc meeting with its reason";
  if (policy.working_time_rule.overridable)
    exemption += std::string(exemption.empty() ? "" : " or ") + "an override with a reason";
  const std::string unless = exemption.empty() ? "" : " (" + exemption + " may be held then)";

  const LocalTime start = zone.to_local(draft.slot.start);
  const LocalTime end = zone.to_local(draft.slot.end);
  const Date first_day{std::chrono::floor<days>(start)};
  const Date last_day{std::chrono::floor<days>(end - seconds{1})};  // the end is exclusive
  for (const Date d : {first_day, last_day}) {
    if (calendar.is_working_day(d)) continue;
    const std::string name = calendar.day_off_name(d);
    out.push_back(violation(policy.working_time_rule,
                            std::string("the meeting is on ") + weekday_name(d) + " " + iso_date(d) +
                                ", which is not a working day (" + (name.empty() ? "weekend" : name) + ")" + unless));
    if (first_day == last_day) break;
  }
  if (policy.sessions.empty()) return;
  const Minutes day_start = policy.sessions.front().start;
  const Minutes day_end = policy.sessions.back().end;
  const auto start_of_day = std::chrono::duration_cast<Minutes>(start - std::chrono::local_days{first_day});
  const auto end_of_day =
      std::chrono::ceil<Minutes>(end - std::chrono::local_days{last_day});  // 24:00 for an end at midnight
  if (start_of_day < day_start || end_of_day > day_end)
    out.push_back(violation(policy.working_time_rule,
                            "a meeting is held within working hours (" + clock_time(day_start) + "–" +
                                clock_time(day_end) + "); this one runs from " + clock_time(start_of_day) + " to " +
                                clock_time(end_of_day) + unless));
}

void check_lead_times(const MeetingDraft& draft, Instant booked_at, const Policy& policy, const TimeZone& zone,
                      const WorkingCalendar& calendar, std::vector<Violation>& out) {
  const Date meeting_day = local_date(zone, draft.slot.start);

  const Date invitation_by = calendar.subtract_working_days(meeting_day, policy.invitation_lead_working_days);
  const Date issued = local_date(zone, booked_at);
  if (issued > invitation_by)
    out.push_back(violation(policy.invitation_rule,
                            "the invitation must reach invitees at least " +
                                plural(policy.invitation_lead_working_days, "working day") +
                                " before the meeting on " + iso_date(meeting_day) + ", so by " +
                                iso_date(invitation_by) + "; it is issued on " + iso_date(issued) +
                                " (an ad-hoc meeting with a reason is exempt)"));

  const Date documents_by = calendar.subtract_working_days(meeting_day, policy.document_lead_working_days);
  for (const auto& doc : draft.documents) {
    if (!doc.sent_at) continue;  // not sent yet: nothing is late so far
    const Date sent = local_date(zone, *doc.sent_at);
    if (sent > documents_by)
      out.push_back(violation(policy.document_rule,
                              "document \"" + doc.title + "\" must be sent at least " +
                                  plural(policy.document_lead_working_days, "working day") +
                                  " before the meeting on " + iso_date(meeting_day) + ", so by " +
                                  iso_date(documents_by) + "; it was sent on " + iso_date(sent)));
  }
}

}  // namespace

void validate_draft(const MeetingDraft& d) {
  if (blank(d.title)) throw InvalidInput("title", "the title must not be empty");
  if (const auto n = code_points(d.title); n > kMaxTitleChars)
    throw InvalidInput("title", "the title must be at most " + std::to_string(kMaxTitleChars) +
                                    " characters (it has " + std::to_string(n) + ")");
  if (d.slot.end <= d.slot.start) throw InvalidInput("slot", "the meeting must end after it starts");
  if (d.host_room_id <= 0) throw InvalidInput("host_room_id", "the host room must be given");
  for (const auto id : d.room_ids)
    if (id <= 0) throw InvalidInput("room_ids", "room id " + std::to_string(id) + " is not valid");
  for (std::size_t i = 0; i < d.invite.size(); ++i)
    if (!d.invite[i].level && !d.invite[i].under)
      throw InvalidInput("invite[" + std::to_string(i) + "]", "a selector needs a level, an `under` unit code, or both");
  if (blank(d.chair.name)) throw InvalidInput("chair.name", "the chair must be named");
  if (code_points(d.ad_hoc_reason) > kMaxReasonChars)
    throw InvalidInput("ad_hoc_reason", "the ad-hoc reason must be at most " + std::to_string(kMaxReasonChars) +
                                            " characters");

  if (d.agenda.size() > kMaxAgendaItems)
    throw InvalidInput("agenda", "at most " + std::to_string(kMaxAgendaItems) + " agenda items");
  for (std::size_t i = 0; i < d.agenda.size(); ++i) {
    const AgendaItem& item = d.agenda[i];
    if (blank(item.title)) throw InvalidInput(field_at("agenda", i, "title"), "an agenda item needs a title");
    if (item.minutes && *item.minutes <= 0)
      throw InvalidInput(field_at("agenda", i, "minutes"), "an agenda item's length must be positive");
    if (item.speaking_limit && *item.speaking_limit <= 0)
      throw InvalidInput(field_at("agenda", i, "speaking_limit"), "a speaking limit must be positive");
    const Instant start = item.start.value_or(d.slot.start);
    if (start < d.slot.start || start >= d.slot.end)
      throw InvalidInput(field_at("agenda", i, "start"), "agenda item \"" + item.title + "\" starts outside the meeting");
    if (item.minutes && start + Minutes{*item.minutes} > d.slot.end)
      throw InvalidInput(field_at("agenda", i, "minutes"), "agenda item \"" + item.title + "\" ends after the meeting");
  }
  for (std::size_t i = 0; i < d.documents.size(); ++i)
    if (blank(d.documents[i].title)) throw InvalidInput(field_at("documents", i, "title"), "a document needs a title");
  for (std::size_t i = 0; i < d.delegations.size(); ++i) {
    const Delegation& g = d.delegations[i];
    if (g.room_id <= 0) throw InvalidInput(field_at("delegations", i, "room_id"), "a delegation needs its room");
    if (blank(g.for_name) || blank(g.attendee_name))
      throw InvalidInput(field_at("delegations", i, "attendee_name"),
                         "a delegation names the invited head and who attends instead");
  }
  if (d.conclusion_org_id && *d.conclusion_org_id <= 0)
    throw InvalidInput("conclusion_org_id", "the unit that issues the conclusion notice is not valid");
  if (d.override_rules) {
    if (d.override_rules->rules.empty())
      throw InvalidInput("override_rules.rules", "an override names the rules it waives");
    if (blank(d.override_rules->reason))
      throw InvalidInput("override_rules.reason", "an override needs a reason");
    if (code_points(d.override_rules->reason) > kMaxReasonChars)
      throw InvalidInput("override_rules.reason",
                         "the override reason must be at most " + std::to_string(kMaxReasonChars) + " characters");
  }
  if (d.recurrence && blank(*d.recurrence)) throw InvalidInput("recurrence", "the recurrence rule is empty");
  if (d.on_days_off != DaysOffHandling::keep && !d.recurrence)
    throw InvalidInput("on_days_off", "skipping or moving occurrences on days off applies to a recurring series");
}

std::vector<Violation> check_booking(const MeetingDraft& draft, Instant booked_at, const Policy& policy,
                                     const TimeZone& zone) {
  return check_booking(draft, booked_at, policy, zone, WorkingCalendar(policy));
}

std::vector<Violation> check_booking(const MeetingDraft& draft, Instant booked_at, const Policy& policy,
                                     const TimeZone& zone, const WorkingCalendar& calendar) {
  std::vector<Violation> found;
  if (draft.type == MeetingType::other) return found;  // outside the decision (Điều 1.3)

  check_max_length(draft, policy, zone, calendar, found);
  if (!(draft.ad_hoc && policy.working_time_ad_hoc_exempt)) check_working_time(draft, policy, zone, calendar, found);
  if (!draft.ad_hoc) check_lead_times(draft, booked_at, policy, zone, calendar, found);
  if (draft.ad_hoc && blank(draft.ad_hoc_reason))
    found.push_back(violation(policy.ad_hoc_reason_rule,
                              "an ad-hoc meeting is exempt from the lead times only with a stated reason"));

  if (!draft.override_rules || blank(draft.override_rules->reason)) return found;
  const std::set<std::string> waived(draft.override_rules->rules.begin(), draft.override_rules->rules.end());
  std::vector<Violation> kept;
  for (auto& v : found) {
    if (!waived.contains(v.rule)) {
      kept.push_back(std::move(v));
    } else if (!v.overridable) {
      v.message += " (this rule cannot be overridden)";
      kept.push_back(std::move(v));
    }
  }
  return kept;
}

std::vector<LateDocument> late_documents(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone) {
  return late_documents(draft, policy, zone, WorkingCalendar(policy));
}

std::vector<LateDocument> late_documents(const MeetingDraft& draft, const Policy& policy, const TimeZone& zone,
                                         const WorkingCalendar& calendar) {
  std::vector<LateDocument> out;
  if (draft.type == MeetingType::other || draft.ad_hoc || draft.documents.empty()) return out;
  const Date meeting_day = local_date(zone, draft.slot.start);
  const Date due = calendar.subtract_working_days(meeting_day, policy.document_lead_working_days);
  for (std::size_t i = 0; i < draft.documents.size(); ++i) {
    const Document& doc = draft.documents[i];
    const auto delivered_at = doc.sent_at ? doc.sent_at : doc.attached_at;
    if (!delivered_at) continue;
    const Date delivered = local_date(zone, *delivered_at);
    if (!(delivered > due)) continue;
    out.push_back({i, doc.title, delivered, due,
                   "document \"" + doc.title + "\" reached the invitees on " + iso_date(delivered) + ", after " +
                       iso_date(due) + " (" + plural(policy.document_lead_working_days, "working day") +
                       " before the meeting on " + iso_date(meeting_day) + ")"});
  }
  return out;
}

CalendarNotes calendar_notes(const std::vector<Interval>& slots, const Policy& policy, const TimeZone& zone) {
  return calendar_notes(slots, policy, zone, WorkingCalendar(policy));
}

CalendarNotes calendar_notes(const std::vector<Interval>& slots, const Policy& policy, const TimeZone& zone,
                             const WorkingCalendar& calendar) {
  CalendarNotes notes;
  if (slots.empty()) return notes;
  const Date first_day = local_date(zone, slots.front().start);
  notes.invitation_due = calendar.subtract_working_days(first_day, policy.invitation_lead_working_days);
  notes.documents_due = calendar.subtract_working_days(first_day, policy.document_lead_working_days);
  std::set<int> years;
  for (const auto& slot : slots) {
    const Date day = local_date(zone, slot.start);
    const Date due = std::min(calendar.subtract_working_days(day, policy.invitation_lead_working_days),
                              calendar.subtract_working_days(day, policy.document_lead_working_days));
    const Date concluded =
        calendar.add_working_days(local_date(zone, slot.end - seconds{1}), policy.conclusion_working_days);
    for (int y = static_cast<int>(due.year()); y <= static_cast<int>(concluded.year()); ++y)
      if (calendar.is_provisional(y)) years.insert(y);
  }
  notes.provisional_years.assign(years.begin(), years.end());
  notes.provisional = !years.empty();
  for (const int y : years)
    notes.warnings.push_back("the working days of " + std::to_string(y) +
                             " are computed from the Labour Code holidays (Điều 112) and the lunar calendar: the "
                             "Government's notice for " + std::to_string(y) +
                             " is not in the policy yet, so its days off, lead times and deadlines are provisional");
  return notes;
}

Date conclusion_deadline(Instant meeting_end, const Policy& policy, const TimeZone& zone) {
  const Date end_day = local_date(zone, meeting_end - std::chrono::seconds{1});
  return WorkingCalendar(policy).add_working_days(end_day, policy.conclusion_working_days);
}

}  // namespace sched
