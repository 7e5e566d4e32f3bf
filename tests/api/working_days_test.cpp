// Working days as the secretariat meets them over HTTP: years beyond the Government's
// notices are booked on the computed calendar and marked provisional; a routine meeting
// keeps to working days and hours; a series skips or moves what falls on a day off.
// The service's today is Friday 27 November 2026 (api_fixture.hpp).
#include "api_fixture.hpp"

namespace e2e {
namespace {

// A room of the province's own, so that these bookings never meet another suite's.
long long own_room() {
  static const long long id = [] {
    auto a = call("POST", "/v1/rooms", kAdmin,
                  json{{"org_id", org_id("51")}, {"name", "Phòng họp lịch làm việc"}, {"kind", "rtp"}}.dump());
    return a.body.at("id").get<long long>();
  }();
  return id;
}

json briefing(const std::string& start, const std::string& end, const std::string& chair) {
  auto body = meeting_body(start, end, own_room(), {}, chair, org_id("51"));
  body["type"] = "briefing";
  return body;
}

std::vector<std::string> rules_of(const Answer& a) {
  std::vector<std::string> out;
  for (const auto& v : a.body.at("violations")) out.push_back(v.at("rule").get<std::string>());
  return out;
}

TEST_F(E2E, ABookingIn2029IsAcceptedAndMarkedProvisional) {
  auto a = call("POST", "/v1/meetings", kAdmin,
                briefing("2029-03-12T08:00:00+07:00", "2029-03-12T10:00:00+07:00", "Chair WD 2029").dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(a.body.at("provisional"), true);
  ASSERT_FALSE(a.body.at("warnings").empty());
  EXPECT_NE(a.body.at("warnings").at(0).get<std::string>().find("2029"), std::string::npos) << a.text;
  EXPECT_EQ(a.body.at("documents_due"), "2029-03-07");
  auto got = call("GET", "/v1/meetings/" + a.body.at("id").dump(), kAdmin);
  EXPECT_EQ(got.body.at("provisional"), true);
}

TEST_F(E2E, ABookingInAnAnnouncedYearIsNotProvisional) {
  auto body = briefing("2025-03-10T08:00:00+07:00", "2025-03-10T10:00:00+07:00", "Chair WD 2025");
  body["type"] = "other";  // in the past of the service's clock: only the calendar facts are read
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(a.body.at("provisional"), false);
  EXPECT_TRUE(a.body.at("warnings").empty());
}

TEST_F(E2E, RoutineMeetingsOnDaysOffOrOutOfHoursAreRefusedWithTheirSource) {
  for (const auto& [start, end] : std::vector<std::pair<std::string, std::string>>{
           {"2027-02-09T08:00:00+07:00", "2027-02-09T10:00:00+07:00"},    // Tuesday, Tết
           {"2027-03-13T08:00:00+07:00", "2027-03-13T10:00:00+07:00"},    // Saturday
           {"2027-03-10T20:00:00+07:00", "2027-03-10T21:00:00+07:00"}}) { // evening
    auto a = call("POST", "/v1/meetings", kAdmin, briefing(start, end, "Chair WD refused").dump());
    ASSERT_EQ(a.status, 422) << start << " " << a.text;
    ASSERT_EQ(rules_of(a), std::vector<std::string>{"working_time"}) << a.text;
    EXPECT_NE(a.body.at("violations").at(0).at("article").get<std::string>().find("[U]"), std::string::npos);
  }
}

TEST_F(E2E, AdHocOrOverriddenMeetingsMayBeHeldOnADayOff) {
  auto ad_hoc = briefing("2027-02-09T08:00:00+07:00", "2027-02-09T10:00:00+07:00", "Chair WD ad hoc");
  ad_hoc["ad_hoc"] = true;
  ad_hoc["ad_hoc_reason"] = "Ứng phó sự cố đê biển";
  auto a = call("POST", "/v1/meetings", kAdmin, ad_hoc.dump());
  EXPECT_EQ(a.status, 201) << a.text;

  auto overridden = briefing("2027-03-10T20:00:00+07:00", "2027-03-10T21:00:00+07:00", "Chair WD override");
  overridden["override"] = {{"rules", {"working_time"}}, {"reason", "Kết nối với Trung ương theo lịch của Bộ"}};
  auto b = call("POST", "/v1/meetings", kAdmin, overridden.dump());
  ASSERT_EQ(b.status, 201) << b.text;
  auto got = call("GET", "/v1/meetings/" + b.body.at("id").dump(), kAdmin);
  EXPECT_EQ(got.body.at("override").at("reason"), "Kết nối với Trung ương theo lịch của Bộ");
}

// Mondays from 1 February 2027: the 8th is in Tết (5–11/2).
json tet_series(const std::string& chair) {
  auto body = briefing("2027-02-01T14:00:00+07:00", "2027-02-01T16:00:00+07:00", chair);
  body["recurrence"] = "FREQ=WEEKLY;BYDAY=MO;COUNT=3";
  return body;
}

TEST_F(E2E, ASeriesKeepingADayOffIsRefusedForThatOccurrence) {
  auto a = call("POST", "/v1/meetings", kAdmin, tet_series("Chair WD keep").dump());
  ASSERT_EQ(a.status, 422) << a.text;
  ASSERT_EQ(rules_of(a), std::vector<std::string>{"working_time"});
  EXPECT_NE(a.body.at("violations").at(0).at("message").get<std::string>().find("occurrence 2027-02-08"),
            std::string::npos) << a.text;
}

TEST_F(E2E, ASeriesSkipsDaysOffAndSaysWhich) {
  auto body = tet_series("Chair WD skip");
  body["on_days_off"] = "skip";
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  ASSERT_EQ(a.body.at("occurrences").size(), 2u);
  EXPECT_EQ(a.body.at("occurrences").at(1).at("start"), "2027-02-15T14:00:00+07:00");
  ASSERT_EQ(a.body.at("skipped").size(), 1u);
  EXPECT_EQ(a.body.at("skipped").at(0).at("start"), "2027-02-08T14:00:00+07:00");
  EXPECT_NE(a.body.at("skipped").at(0).at("reason").get<std::string>().find("Tết"), std::string::npos);
  EXPECT_TRUE(a.body.at("moved").empty());
}

TEST_F(E2E, ASeriesMovesDaysOffToTheNextWorkingDay) {
  auto body = tet_series("Chair WD move");
  body["start"] = "2027-02-01T08:00:00+07:00";
  body["end"] = "2027-02-01T10:00:00+07:00";
  body["on_days_off"] = "next_working_day";
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  ASSERT_EQ(a.body.at("occurrences").size(), 3u);
  EXPECT_EQ(a.body.at("occurrences").at(1).at("start"), "2027-02-12T08:00:00+07:00");  // Friday after Tết
  ASSERT_EQ(a.body.at("moved").size(), 1u);
  EXPECT_EQ(a.body.at("moved").at(0).at("start"), "2027-02-08T08:00:00+07:00");
  EXPECT_EQ(a.body.at("moved").at(0).at("moved_to_start"), "2027-02-12T08:00:00+07:00");
}

TEST_F(E2E, ASeriesCrossing2027Into2028IsBookedOnTheComputedCalendar) {
  // Mondays from 20/12/2027: 3/1/2028 compensates Saturday 1/1; 31/1/2028 is in Tết (25–31/1).
  auto body = briefing("2027-12-20T08:00:00+07:00", "2027-12-20T10:00:00+07:00", "Chair WD 2028");
  body["recurrence"] = "FREQ=WEEKLY;BYDAY=MO;COUNT=8";
  body["on_days_off"] = "next_working_day";
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(a.body.at("occurrences").size(), 8u);
  EXPECT_EQ(a.body.at("provisional"), true);
  ASSERT_EQ(a.body.at("moved").size(), 2u) << a.text;
  EXPECT_EQ(a.body.at("moved").at(0).at("moved_to_start"), "2028-01-04T08:00:00+07:00");
  EXPECT_EQ(a.body.at("moved").at(1).at("moved_to_start"), "2028-02-01T08:00:00+07:00");
  EXPECT_EQ(a.body.at("warnings").size(), 2u) << a.text;  // 2027 and 2028 are both unannounced
}

TEST_F(E2E, OnDaysOffIsForASeriesAndCannotBePatched) {
  auto single = briefing("2027-03-15T08:00:00+07:00", "2027-03-15T10:00:00+07:00", "Chair WD single");
  single["on_days_off"] = "skip";
  auto refused = call("POST", "/v1/meetings", kAdmin, single.dump());
  EXPECT_EQ(refused.status, 422) << refused.text;
  EXPECT_EQ(refused.body.at("field"), "on_days_off");
  single["on_days_off"] = "sometimes";
  EXPECT_EQ(call("POST", "/v1/meetings", kAdmin, single.dump()).status, 400);
  single.erase("on_days_off");
  auto a = call("POST", "/v1/meetings", kAdmin, single.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(call("PATCH", "/v1/meetings/" + a.body.at("id").dump(), kAdmin, R"({"on_days_off":"skip"})",
                 "If-Match: " + a.raw.header("etag")).status, 400);
}

// Wednesday 2 December 2026: the invitation and documents are due today (27/11, the
// service's clock). A document recorded as sent on Monday 30/11 comes late: it is accepted,
// flagged on the meeting and listed in the report.
TEST_F(E2E, ALateDocumentAttachedAfterBookingIsFlaggedOnTheMeetingAndInTheReport) {
  auto body = briefing("2026-12-02T08:00:00+07:00", "2026-12-02T10:00:00+07:00", "Chair WD documents");
  body["documents"] = json::array({{{"title", "Báo cáo"}, {"link", "https://vb.example/bc"}}});
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(a.body.at("documents_due"), "2026-11-27");
  // The service's clock starts at 09:00 on 27/11 and runs on.
  EXPECT_EQ(a.body.at("documents").at(0).at("attached_at").get<std::string>().rfind("2026-11-27T09:", 0), 0u) << a.text;
  EXPECT_EQ(a.body.at("documents").at(0).at("late"), false);
  const std::string url = "/v1/meetings/" + a.body.at("id").dump();

  json docs = a.body.at("documents");
  docs.at(0).erase("late");
  docs.push_back({{"title", "Dự thảo kết luận"}, {"link", "https://vb.example/kl"},
                  {"sent_at", "2026-11-30T08:00:00+07:00"}});
  auto patched = call("PATCH", url, kAdmin, json{{"documents", docs}}.dump(), "If-Match: " + a.raw.header("etag"));
  ASSERT_EQ(patched.status, 400) << "attached_at is the service's, not an input: " << patched.text;
  docs.at(0).erase("attached_at");
  patched = call("PATCH", url, kAdmin, json{{"documents", docs}}.dump(), "If-Match: " + a.raw.header("etag"));
  ASSERT_EQ(patched.status, 200) << patched.text;
  auto got = call("GET", url, kAdmin);
  EXPECT_EQ(got.body.at("documents").at(0).at("late"), false);
  EXPECT_EQ(got.body.at("documents").at(1).at("late"), true);
  ASSERT_EQ(got.body.at("late_documents").size(), 1u);
  EXPECT_EQ(got.body.at("late_documents").at(0).at("title"), "Dự thảo kết luận");
  EXPECT_EQ(got.body.at("late_documents").at(0).at("delivered_on"), "2026-11-30");
  EXPECT_EQ(got.body.at("late_documents").at(0).at("due"), "2026-11-27");

  auto report = call("GET", "/v1/reports/meetings?from=2026-12-02T00:00:00%2B07:00&to=2026-12-03T00:00:00%2B07:00",
                     kAdmin);
  ASSERT_EQ(report.status, 200) << report.text;
  bool listed = false;
  for (const auto& m : report.body.at("late_documents"))
    if (m.at("meeting_id") == a.body.at("id")) {
      listed = true;
      EXPECT_EQ(m.at("documents").at(0).at("title"), "Dự thảo kết luận");
    }
  EXPECT_TRUE(listed) << report.text;
}

}  // namespace
}  // namespace e2e
