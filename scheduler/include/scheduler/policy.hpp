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
// "invitation_lead_time", "document_lead_time", "ad_hoc_reason", "conclusion_deadline");
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

struct Policy {
  std::string zone = "Asia/Ho_Chi_Minh";
  std::vector<WorkSession> sessions;                 // ordered, not overlapping
  std::vector<std::chrono::weekday> weekend;         // Sat, Sun
  std::vector<Date> holidays;                        // days off: public holidays and compensatory days
  std::vector<Date> working_weekend_days;            // swapped days: a weekend day that is worked
  std::map<MeetingType, MaxLength> max_length;       // no entry for `other` (exempt)
  int invitation_lead_working_days = 3;
  RuleSource invitation_rule;
  int document_lead_working_days = 3;
  RuleSource document_rule;
  RuleSource ad_hoc_reason_rule;
  int conclusion_working_days = 5;
  RuleSource conclusion_rule;
  Minutes rehearsal_window{30};
  int first_year = 2021, last_year = 2027;           // years the holiday data covers
};

// Longest session (½ working day), and the working-day span from the first session's start
// to the last session's end (lunch included). Zero when the policy has no sessions.
Minutes longest_session(const Policy& policy);
Minutes working_day_span(const Policy& policy);

}  // namespace sched
