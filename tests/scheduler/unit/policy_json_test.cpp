// The shipped policy file, and clear errors for broken ones.
#include "json/policy_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "scheduler/errors.hpp"
#include "scheduler/working_calendar.hpp"
#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::shipped_policy;

const char* const kShippedPath = MEETINGD_SOURCE_DIR "/scheduler/policy/decree45.json";

std::string shipped_text() {
  std::ifstream in(kShippedPath);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


// The message of the InvalidInput that parse_policy throws after replacing `from` by `to`
// in the shipped file (once).
std::string refusal_after(const std::string& from, const std::string& to) {
  std::string text = shipped_text();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return "";
  text.replace(at, from.size(), to);
  try {
    (void)parse_policy(text);
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "policy");
    return e.what();
  }
  return "(accepted)";
}

TEST(PolicyFile, ShippedPolicyLoadsWithTheDecreeNumbers) {
  const Policy& p = shipped_policy();
  EXPECT_EQ(p.zone, "Asia/Ho_Chi_Minh");
  ASSERT_EQ(p.sessions.size(), 2U);
  EXPECT_EQ(p.sessions[0].start, 7h);
  EXPECT_EQ(p.sessions[0].end, 11h + 30min);
  EXPECT_EQ(p.sessions[1].start, 13h + 30min);
  EXPECT_EQ(p.sessions[1].end, 17h);
  EXPECT_EQ(longest_session(p), 4h + 30min);
  EXPECT_EQ(working_day_span(p), 10h);
  EXPECT_EQ(p.weekend, (std::vector<weekday>{Saturday, Sunday}));
  EXPECT_EQ(p.invitation_lead_working_days, 3);
  EXPECT_EQ(p.document_lead_working_days, 3);
  EXPECT_EQ(p.conclusion_working_days, 5);
  EXPECT_EQ(p.rehearsal_window, 30min);
}

TEST(PolicyFile, EveryDecreeTypeHasAMaximumLengthAndOtherHasNone) {
  const Policy& p = shipped_policy();
  EXPECT_EQ(p.max_length.size(), 8U);
  EXPECT_FALSE(p.max_length.contains(MeetingType::other));
  for (MeetingType t : {MeetingType::briefing, MeetingType::work_resolution, MeetingType::advisory,
                        MeetingType::coordination}) {
    EXPECT_EQ(p.max_length.at(t).unit, MaxLength::Unit::session) << to_string(t);
    EXPECT_EQ(p.max_length.at(t).count, 1);
  }
  for (MeetingType t : {MeetingType::professional, MeetingType::thematic, MeetingType::review}) {
    EXPECT_EQ(p.max_length.at(t).unit, MaxLength::Unit::working_day) << to_string(t);
    EXPECT_EQ(p.max_length.at(t).count, 1);
  }
  EXPECT_EQ(p.max_length.at(MeetingType::training).count, 2);
  EXPECT_TRUE(p.max_length.at(MeetingType::professional).source.overridable);
  EXPECT_FALSE(p.max_length.at(MeetingType::thematic).source.overridable);
}

TEST(PolicyFile, EveryRuleCitesItsSourceAndConfidence) {
  const Policy& p = shipped_policy();
  std::vector<RuleSource> sources{p.invitation_rule, p.document_rule, p.ad_hoc_reason_rule, p.conclusion_rule,
                                  p.working_time_rule};
  for (const auto& [type, max] : p.max_length) sources.push_back(max.source);
  for (const auto& s : sources) {
    EXPECT_FALSE(s.id.empty());
    EXPECT_NE(s.article.find("45/2018"), std::string::npos) << s.article;
    const bool tagged = s.article.ends_with("[A]") || s.article.ends_with("[S]") || s.article.ends_with("[U]");
    EXPECT_TRUE(tagged) << s.article;
  }
  EXPECT_EQ(p.invitation_rule.id, "invitation_lead_time");
  EXPECT_EQ(p.document_rule.id, "document_lead_time");
  EXPECT_NE(p.document_rule.article.find("Điều 10"), std::string::npos);
  EXPECT_TRUE(p.document_rule.article.ends_with("[A]"));
  EXPECT_EQ(p.ad_hoc_reason_rule.id, "ad_hoc_reason");
  EXPECT_EQ(p.conclusion_rule.id, "conclusion_deadline");
  EXPECT_EQ(p.working_time_rule.id, "working_time");
  EXPECT_TRUE(p.working_time_rule.overridable);
  EXPECT_TRUE(p.working_time_ad_hoc_exempt);
  EXPECT_EQ(p.max_length.at(MeetingType::briefing).source.id, "max_length");
}

TEST(PolicyFile, NoticesAreRecordedFor2021To2025) {
  const Policy& p = shipped_policy();
  for (int y = 2021; y <= 2025; ++y) EXPECT_TRUE(p.announcements.contains(y)) << y;
  EXPECT_FALSE(p.announcements.contains(2026));
  EXPECT_EQ(p.announcements.at(2024).days_off, (std::vector<Date>{2024y / February / 8, 2024y / April / 29}));
  EXPECT_EQ(p.announcements.at(2024).working_days, (std::vector<Date>{2024y / February / 15, 2024y / May / 4}));
  EXPECT_TRUE(p.announcements.at(2022).days_off.empty());
}

TEST(PolicyFile, MalformedJsonGivesAClearError) {
  try {
    (void)parse_policy("{ \"zone\": ");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "policy");
    EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(PolicyFile, WrongValuesNameTheirPath) {
  EXPECT_EQ(refusal_after("\"unit\": \"session\"", "\"unit\": \"hours\""),
            "policy file: rules.max_length.types.briefing.unit must be \"session\" or \"working_day\"");
  EXPECT_EQ(refusal_after("\"start\": \"07:00\"", "\"start\": \"7h\""),
            "policy file: working_hours.sessions[0].start must be a time \"HH:MM\" (got \"7h\")");
  EXPECT_EQ(refusal_after("\"working_days\": 3", "\"working_days\": \"three\""),
            "policy file: rules.invitation_lead_time.working_days must be an integer from 0 to 60");
  EXPECT_EQ(refusal_after("\"confidence\": \"A\"", "\"confidence\": \"sure\""),
            "policy file: rules.document_lead_time.confidence must be \"A\", \"S\" or \"U\" (see DECREE-45.md)");
  EXPECT_EQ(refusal_after("\"briefing\":", "\"standup\":"), "policy file: rules.max_length.types.standup is not a meeting type");
  EXPECT_EQ(refusal_after("\"training\":", "\"other\":"),
            "policy file: rules.max_length.types.other must not be given: `other` is outside the decision");
  EXPECT_EQ(refusal_after("\"zone\"", "\"time_zone\""), "policy file: zone is missing");
}

TEST(PolicyFile, CalendarMistakesAreRefused) {
  EXPECT_NE(refusal_after("\"year\": 2025", "\"year\": 2024").find("repeats the year 2024"), std::string::npos);
  EXPECT_NE(refusal_after("\"2024-05-04\"", "\"2024-04-29\"").find("is also listed as a day off"), std::string::npos);
  EXPECT_NE(refusal_after("\"2024-05-04\"", "\"2024-02-30\"").find("must be a date \"YYYY-MM-DD\""), std::string::npos);
  EXPECT_NE(refusal_after("\"2021-02-10\"", "\"2022-02-10\"").find("must lie in 2021"), std::string::npos);
  EXPECT_NE(refusal_after("\"year\": 2021", "\"year\": 2300").find("from 1900 to 2199"), std::string::npos);
}

TEST(PolicyFile, MissingFileIsRefused) {
  try {
    (void)load_policy_file("/nonexistent/decree45.json");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read the policy file /nonexistent/decree45.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace sched
