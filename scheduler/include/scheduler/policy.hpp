#pragma once
// The numbers of DECREE-45.md as data. The code implements kinds of rule (maximum length,
// lead time in working days, ad-hoc reason, conclusion deadline); the policy file
// (scheduler/policy/decree45.json, read by json/policy_json.hpp) gives the numbers and
// cites, for every rule, its article and confidence ([A] confirmed, [S] secondary, [U]
// not found). See scheduler/policy/README.md for the semantics.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "scheduler/meeting.hpp"
#include "scheduler/time.hpp"

namespace sched {

// A working session (buổi) in minutes after local midnight, [start, end).
struct WorkSession {
  std::string name;
  Minutes start;
  Minutes end;
};

// Where a rule comes from. `id` is the rule id reported in a Violation ("max_length",
// "working_time", "invitation_lead_time", "document_lead_time", "ad_hoc_reason", "conclusion_deadline");
// `article` cites the source and ends with its confidence, e.g. "QĐ 45/2018/QĐ-TTg Điều 10 [A]".
// Only an overridable rule can be waived by MeetingDraft::override_rules.
struct RuleSource {
  std::string id;
  std::string article;
  bool overridable = false;
};

// Maximum length of one meeting type: `count` sessions or `count` working days.
struct MaxLength {
  enum class Unit { session, working_day } unit;
  int count;
  RuleSource source;
};

// What the Government's notice for one year changes in the computed Labour Code calendar
// (public_holidays.hpp): extra days off (a swapped weekday, a Tết break placed earlier) and
// days worked although the computation or the weekend gives them off (the swapped Saturday,
// a computed Tết day the notice does not give).
struct YearAnnouncement {
  int year = 0;
  std::string source;
  std::string confidence;  // "A", "S" or "U", as for the rules
  std::vector<Date> days_off;
  std::vector<Date> working_days;
};

struct Policy {
  std::string zone = "Asia/Ho_Chi_Minh";
  std::vector<WorkSession> sessions;                 // ordered, not overlapping
  std::vector<std::chrono::weekday> weekend;         // Sat, Sun
  std::map<MeetingType, MaxLength> max_length;       // no entry for `other` (exempt)
  int invitation_lead_working_days = 3;
  RuleSource invitation_rule;
  int document_lead_working_days = 3;
  RuleSource document_rule;
  RuleSource ad_hoc_reason_rule;
  // Meetings on working days within working hours (first session start to last session end).
  RuleSource working_time_rule;
  bool working_time_ad_hoc_exempt = true;  // an ad-hoc meeting (with its reason) may be held any time
  int conclusion_working_days = 5;
  RuleSource conclusion_rule;
  Minutes rehearsal_window{30};
  // The Government's yearly notices of days off, by year; a year without one uses the
  // computed Labour Code calendar alone and is provisional (working_calendar.hpp).
  std::map<int, YearAnnouncement> announcements;
  // Networks (CIDR) a meeting may relay an outside bridge from; the operator sets them
  // (meetingd --relay-allow). Loopback only by default.
  std::vector<std::string> relay_allow = kDefaultRelayAllow;
};

// Longest session (½ working day), and the working-day span from the first session's start
// to the last session's end (lunch included). Zero when the policy has no sessions.
Minutes longest_session(const Policy& policy);
Minutes working_day_span(const Policy& policy);

}  // namespace sched
