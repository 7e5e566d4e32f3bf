// RRULE expansion through libical, in the local time of the province's zone.
#include "ical/recurrence.hpp"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hh_mm_ss;
using std::chrono::seconds;

struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};
using IteratorPtr = std::unique_ptr<icalrecur_iterator, IteratorFree>;

[[noreturn]] void refuse(const std::string& message) { throw InvalidInput("recurrence", message); }

// A floating (zone-less) libical date-time holding a local wall-clock time.
icaltimetype floating(LocalTime t) {
  const auto day = floor<days>(t);
  const Date ymd{day};
  const hh_mm_ss<seconds> time{t - day};
  icaltimetype out = icaltime_null_time();
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(time.hours().count());
  out.minute = static_cast<int>(time.minutes().count());
  out.second = static_cast<int>(time.seconds().count());
  return out;
}

LocalTime local_of(const icaltimetype& t) {
  const Date ymd = std::chrono::year{t.year} / std::chrono::month{static_cast<unsigned>(t.month)} /
                   std::chrono::day{static_cast<unsigned>(t.day)};
  return LocalTime{std::chrono::local_days{ymd}.time_since_epoch()} + std::chrono::hours{t.hour} +
         std::chrono::minutes{t.minute} + seconds{t.second};
}

std::string trimmed_rule(std::string_view rrule) {
  while (!rrule.empty() && (rrule.front() == ' ' || rrule.front() == '\t')) rrule.remove_prefix(1);
  while (!rrule.empty() && (rrule.back() == ' ' || rrule.back() == '\t' || rrule.back() == '\r' || rrule.back() == '\n'))
    rrule.remove_suffix(1);
  if (rrule.starts_with("RRULE:")) rrule.remove_prefix(6);
  return std::string(rrule);
}

}  // namespace

std::vector<Interval> expand_recurrence(std::string_view rrule, Interval first, const TimeZone& zone,
                                        std::size_t max_occurrences) {
  const std::string text = trimmed_rule(rrule);
  if (text.empty()) refuse("the recurrence rule is empty");

  icalerror_clear_errno();
  icalrecurrencetype rule = icalrecurrencetype_from_string(text.c_str());
  // An RSCALE part (RFC 7529) comes back as text the caller owns: freed here, whatever the
  // rule's fate, so no request can leak memory by naming a calendar scale.
  const std::unique_ptr<char, void (*)(void*)> rscale{rule.rscale, &icalmemory_free_buffer};
  if (rule.freq == ICAL_NO_RECURRENCE || *icalerrno_return() != ICAL_NO_ERROR)
    refuse("\"" + text + "\" is not a valid RFC 5545 recurrence rule");
  // libical looks for the next occurrence with no bound of its own: a rule whose parts never
  // meet (the 20th Monday of a month, 30 February) is searched up to the year 2582 — hours of
  // one worker's time for an hourly rule, about a second for the others. Meetings repeat
  // daily at most, and a BYDAY ordinal stays in RFC 5545's range for its frequency.
  if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
      rule.freq == ICAL_HOURLY_RECURRENCE)
    refuse("meetings repeat at most daily: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  for (int i = 0; i < ICAL_BY_DAY_SIZE && rule.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
    const int ordinal = std::abs(icalrecurrencetype_day_position(rule.by_day[i]));
    if (ordinal > (rule.freq == ICAL_MONTHLY_RECURRENCE ? 5 : 53))
      refuse("a BYDAY ordinal is beyond the weeks of a " +
             std::string(rule.freq == ICAL_MONTHLY_RECURRENCE ? "month" : "year"));
  }
  if (rule.count <= 0 && icaltime_is_null_time(rule.until))
    refuse("a recurrence rule needs COUNT or UNTIL: series without an end are not booked");

  // Read UNTIL in local time too: a UTC UNTIL becomes the local wall-clock time of that
  // instant, a DATE UNTIL includes the whole local day.
  if (!icaltime_is_null_time(rule.until)) {
    if (rule.until.is_date) {
      rule.until.is_date = 0;
      rule.until.hour = 23;
      rule.until.minute = 59;
      rule.until.second = 59;
    } else if (icaltime_is_utc(rule.until)) {
      const time_t utc = icaltime_as_timet_with_zone(rule.until, icaltimezone_get_utc_timezone());
      rule.until = floating(zone.to_local(Instant{seconds{utc}}));
    }
    rule.until.zone = nullptr;
  }

  const LocalTime first_local = zone.to_local(first.start);
  IteratorPtr it{icalrecur_iterator_new(rule, floating(first_local))};
  if (!it) refuse("\"" + text + "\" cannot be expanded");

  std::vector<Interval> out;
  for (icaltimetype next = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(next);
       next = icalrecur_iterator_next(it.get())) {
    if (out.size() == max_occurrences)
      refuse("the rule produces more than " + std::to_string(max_occurrences) + " meetings");
    const Instant start = zone.to_instant(local_of(next));
    if (out.empty() && local_of(next) != first_local)
      refuse("the first meeting's start is not an occurrence of \"" + text + "\"");
    if (!out.empty() && start < out.back().end) refuse("the rule produces overlapping meetings");
    out.push_back(Interval{start, start + first.length()});
  }
  if (out.empty()) refuse("the rule produces no meeting (UNTIL before the first meeting?)");
  return out;
}

}  // namespace sched
