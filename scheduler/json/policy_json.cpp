// The policy file reader; the format is documented in scheduler/policy/README.md.
// Every check names the JSON path of what is wrong, because the file is edited by hand
// (new holidays every year) and a clear message is the only help the editor gets.
#include "json/policy_json.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scheduler/errors.hpp"
#include "scheduler/lunar_calendar.hpp"

namespace sched {
namespace {

using nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw InvalidInput("policy", "policy file: " + path + " " + what);
}

std::string join(const std::string& path, const char* key) { return path.empty() ? std::string(key) : path + "." + key; }

const json& member(const json& object, const std::string& path, const char* key) {
  if (!object.is_object()) fail(path, "must be an object");
  const auto it = object.find(key);
  if (it == object.end()) fail(join(path, key), "is missing");
  return *it;
}

std::string text(const json& object, const std::string& path, const char* key) {
  const json& v = member(object, path, key);
  if (!v.is_string() || v.get<std::string>().empty()) fail(join(path, key), "must be a non-empty string");
  return v.get<std::string>();
}

int integer(const json& object, const std::string& path, const char* key, int min, int max) {
  const json& v = member(object, path, key);
  if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max)
    fail(join(path, key), "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return v.get<int>();
}

bool flag(const json& object, const std::string& path, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return false;
  if (!it->is_boolean()) fail(join(path, key), "must be true or false");
  return it->get<bool>();
}

const json& array(const json& object, const std::string& path, const char* key) {
  const json& v = member(object, path, key);
  if (!v.is_array()) fail(join(path, key), "must be an array");
  return v;
}

// "HH:MM", 00:00 to 24:00.
Minutes clock(const json& object, const std::string& path, const char* key) {
  const std::string s = text(object, path, key);
  unsigned h = 0, m = 0;
  char extra = 0;
  if (s.size() != 5 || std::sscanf(s.c_str(), "%2u:%2u%c", &h, &m, &extra) != 2 || m > 59 || h * 60 + m > 24 * 60)
    fail(join(path, key), "must be a time \"HH:MM\" (got \"" + s + "\")");
  return Minutes{h * 60 + m};
}

// "YYYY-MM-DD", a real calendar date.
Date date(const json& object, const std::string& path, const char* key) {
  const std::string s = text(object, path, key);
  int y = 0;
  unsigned m = 0, d = 0;
  char extra = 0;
  const bool scanned = s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &extra) == 3;
  const Date parsed = std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
  if (!scanned || !parsed.ok()) fail(join(path, key), "must be a date \"YYYY-MM-DD\" (got \"" + s + "\")");
  return parsed;
}

// The article cited in violations ends with the confidence: "… Điều 10 [A]".
std::string cited(const json& object, const std::string& path) {
  const std::string confidence = text(object, path, "confidence");
  if (confidence != "A" && confidence != "S" && confidence != "U")
    fail(path + ".confidence", "must be \"A\", \"S\" or \"U\" (see DECREE-45.md)");
  return text(object, path, "article") + " [" + confidence + "]";
}

RuleSource rule(const json& rules, const char* id) {
  const std::string path = std::string("rules.") + id;
  const json& r = member(rules, "rules", id);
  return RuleSource{id, cited(r, path), flag(r, path, "overridable")};
}

void read_working_hours(const json& root, Policy& p) {
  const json& hours = member(root, "", "working_hours");
  const json& sessions = array(hours, "working_hours", "sessions");
  if (sessions.empty()) fail("working_hours.sessions", "must list at least one session");
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const std::string path = "working_hours.sessions[" + std::to_string(i) + "]";
    WorkSession s{text(sessions[i], path, "name"), clock(sessions[i], path, "start"), clock(sessions[i], path, "end")};
    if (s.end <= s.start) fail(path, "must end after it starts");
    if (!p.sessions.empty() && s.start < p.sessions.back().end)
      fail(path, "must start after the previous session ends");
    p.sessions.push_back(std::move(s));
  }
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  const json& weekend = array(hours, "working_hours", "weekend");
  for (const auto& day : weekend) {
    const auto it = std::find_if(kDays.begin(), kDays.end(), [&](const char* d) { return day.is_string() && day == d; });
    if (it == kDays.end()) fail("working_hours.weekend", "must list days as \"Mon\" … \"Sun\"");
    const std::chrono::weekday w{static_cast<unsigned>(it - kDays.begin())};
    if (std::find(p.weekend.begin(), p.weekend.end(), w) != p.weekend.end())
      fail("working_hours.weekend", "lists a day twice");
    p.weekend.push_back(w);
  }
}

void read_rules(const json& root, Policy& p) {
  const json& rules = member(root, "", "rules");
  const json& max = member(rules, "rules", "max_length");
  const std::string article = cited(max, "rules.max_length");
  const json& types = member(max, "rules.max_length", "types");
  if (!types.is_object()) fail("rules.max_length.types", "must be an object");
  for (const auto& [key, entry] : types.items()) {
    const std::string path = "rules.max_length.types." + key;
    const auto type = meeting_type_from(key);
    if (!type) fail(path, "is not a meeting type");
    if (*type == MeetingType::other) fail(path, "must not be given: `other` is outside the decision");
    const std::string unit = text(entry, path, "unit");
    if (unit != "session" && unit != "working_day") fail(path + ".unit", "must be \"session\" or \"working_day\"");
    p.max_length.emplace(*type, MaxLength{unit == "session" ? MaxLength::Unit::session : MaxLength::Unit::working_day,
                                          integer(entry, path, "count", 1, 30),
                                          RuleSource{"max_length", article, flag(entry, path, "overridable")}});
  }
  for (int t = 0; t <= static_cast<int>(MeetingType::training); ++t)
    if (!p.max_length.contains(static_cast<MeetingType>(t)))
      fail("rules.max_length.types." + std::string(to_string(static_cast<MeetingType>(t))), "is missing");

  p.invitation_rule = rule(rules, "invitation_lead_time");
  p.invitation_lead_working_days = integer(member(rules, "rules", "invitation_lead_time"), "rules.invitation_lead_time", "working_days", 0, 60);
  p.document_rule = rule(rules, "document_lead_time");
  p.document_lead_working_days = integer(member(rules, "rules", "document_lead_time"), "rules.document_lead_time", "working_days", 0, 60);
  p.ad_hoc_reason_rule = rule(rules, "ad_hoc_reason");
  p.working_time_rule = rule(rules, "working_time");
  p.working_time_ad_hoc_exempt = flag(member(rules, "rules", "working_time"), "rules.working_time", "ad_hoc_exempt");
  p.conclusion_rule = rule(rules, "conclusion_deadline");
  p.conclusion_working_days = integer(member(rules, "rules", "conclusion_deadline"), "rules.conclusion_deadline", "working_days", 1, 60);
  const json& rehearsal = member(rules, "rules", "rehearsal_window");
  (void)cited(rehearsal, "rules.rehearsal_window");
  p.rehearsal_window = Minutes{integer(rehearsal, "rules.rehearsal_window", "minutes", 0, 240)};
}

// One entry of days_off / working_days: {"date": …} or {"from": …, "to": …}.
std::vector<Date> days_of(const json& entry, const std::string& path, int year) {
  std::vector<Date> out;
  text(entry, path, "name");
  const Date from = entry.contains("date") ? date(entry, path, "date") : date(entry, path, "from");
  const Date to = entry.contains("date") ? from : date(entry, path, "to");
  if (to < from || sys_days{to} - sys_days{from} > days{14}) fail(path, "must be a range of at most 15 days, from <= to");
  if (static_cast<int>(from.year()) != year || static_cast<int>(to.year()) != year)
    fail(path, "must lie in " + std::to_string(year));
  for (sys_days d{from}; d <= sys_days{to}; d += days{1}) out.emplace_back(d);
  return out;
}

// calendar.years[]: the Government's notices, each applied over the computed Labour Code
// holidays of its year (working_calendar.hpp).
void read_calendar(const json& root, Policy& p) {
  const json& cal = member(root, "", "calendar");
  const json& years = array(cal, "calendar", "years");
  for (std::size_t i = 0; i < years.size(); ++i) {
    const std::string path = "calendar.years[" + std::to_string(i) + "]";
    YearAnnouncement a;
    a.year = integer(years[i], path, "year", kLunarFirstYear, kLunarLastYear);
    if (p.announcements.contains(a.year)) fail(path, "repeats the year " + std::to_string(a.year));
    a.source = text(years[i], path, "source");
    a.confidence = text(years[i], path, "confidence");
    if (a.confidence != "A" && a.confidence != "S" && a.confidence != "U")
      fail(path + ".confidence", "must be \"A\", \"S\" or \"U\"");
    const json& off = array(years[i], path, "days_off");
    for (std::size_t j = 0; j < off.size(); ++j)
      for (Date d : days_of(off[j], path + ".days_off[" + std::to_string(j) + "]", a.year)) a.days_off.push_back(d);
    const json& worked = array(years[i], path, "working_days");
    for (std::size_t j = 0; j < worked.size(); ++j) {
      const std::string entry_path = path + ".working_days[" + std::to_string(j) + "]";
      for (Date d : days_of(worked[j], entry_path, a.year)) {
        if (std::find(a.days_off.begin(), a.days_off.end(), d) != a.days_off.end())
          fail(entry_path, "is also listed as a day off");
        a.working_days.push_back(d);
      }
    }
    std::sort(a.days_off.begin(), a.days_off.end());
    std::sort(a.working_days.begin(), a.working_days.end());
    p.announcements.emplace(a.year, std::move(a));
  }
}

}  // namespace

Policy parse_policy(std::string_view json_text) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw InvalidInput("policy", std::string("policy file is not valid JSON: ") + e.what());
  }
  if (!root.is_object()) fail("(top level)", "must be an object");
  Policy p;
  p.zone = text(root, "", "zone");
  read_working_hours(root, p);
  read_rules(root, p);
  read_calendar(root, p);
  return p;
}

Policy load_policy_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput("policy", "cannot read the policy file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return parse_policy(content.str());
}

}  // namespace sched
