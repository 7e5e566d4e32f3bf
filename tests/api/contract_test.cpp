// The REST contract of issue 3 as a client meets it.
#include <libical/ical.h>

#include "api_fixture.hpp"

namespace e2e {
namespace {

TEST_F(E2E, HealthAndReadinessAnswerWithoutAToken) {
  EXPECT_EQ(call("GET", "/healthz", "").status, 200);
  auto ready = call("GET", "/readyz", "");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body.at("database"), "ok");
}

TEST_F(E2E, KeepAliveHoldsTheConnectionForClientsThatDoNotAskForIt) {
  testing_support::HttpClient client(world().server->port());
  auto first = client.request("GET", "/healthz");
  auto second = client.request("GET", "/healthz");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_TRUE(second.reused_connection);
  EXPECT_NE(second.header("connection"), "Close");
}

TEST_F(E2E, OrganisationsAreListedAsOfADateWithTotals) {
  auto a = call("GET", "/v1/orgs?level=commune&as_of=2021-03-11&limit=5", kAdmin);
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.body.at("total"), 173);
  EXPECT_EQ(a.body.at("items").size(), 5u);
  EXPECT_EQ(a.body.at("limit"), 5);
  const auto& o = a.body.at("items").at(0);
  for (const char* k : {"id", "code", "name", "level", "parent_id", "valid_from", "valid_to"}) EXPECT_TRUE(o.contains(k)) << k;
  EXPECT_EQ(call("GET", "/v1/orgs?level=commune&as_of=2025-08-01", kAdmin).body.at("total"), 96);
  const auto parent = org_id("522", "2021-03-11");
  auto kids = call("GET", "/v1/orgs?parent=" + std::to_string(parent) + "&as_of=2021-03-11&limit=500", kAdmin);
  for (const auto& k : kids.body.at("items")) EXPECT_EQ(k.at("parent_id"), parent);
}

TEST_F(E2E, BookingAnswers201WithLocationAndETagAndTheMeetingReadsBack) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto body = meeting_body("2027-02-01T08:00:00+07:00", "2027-02-01T10:00:00+07:00", host, {}, "Chair Contract 1", province);
  body["type"] = "briefing";
  body["agenda"] = json::array({{{"title", "Khai mạc"}, {"minutes", 10}}});
  body["documents"] = json::array({{{"title", "Báo cáo"}, {"link", "https://vb.example/1"}, {"sent_at", "2027-01-20T08:00:00+07:00"}}});
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  const auto id = a.body.at("id").get<long long>();
  EXPECT_EQ(a.raw.header("location"), "/v1/meetings/" + std::to_string(id));
  EXPECT_FALSE(a.raw.header("etag").empty());
  EXPECT_EQ(a.body.at("status"), "scheduled");
  EXPECT_EQ(a.body.at("start"), "2027-02-01T08:00:00+07:00");
  auto got = call("GET", "/v1/meetings/" + std::to_string(id), kAdmin);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.raw.header("etag"), a.raw.header("etag"));
  EXPECT_EQ(got.body.at("agenda").at(0).at("title"), "Khai mạc");
  EXPECT_EQ(got.body.at("chair").at("name"), "Chair Contract 1");
}

TEST_F(E2E, PatchNeedsIfMatchAndRefusesAStaleOne) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto a = call("POST", "/v1/meetings", kAdmin,
                meeting_body("2027-02-02T08:00:00+07:00", "2027-02-02T10:00:00+07:00", host, {}, "Chair Patch", province).dump());
  ASSERT_EQ(a.status, 201) << a.text;
  const std::string url = "/v1/meetings/" + a.body.at("id").dump();
  const std::string etag = a.raw.header("etag");
  EXPECT_EQ(call("PATCH", url, kAdmin, R"({"title":"Đổi tên"})").status, 428);
  auto ok = call("PATCH", url, kAdmin, R"({"title":"Đổi tên"})", "If-Match: " + etag);
  ASSERT_EQ(ok.status, 200) << ok.text;
  EXPECT_EQ(ok.body.at("title"), "Đổi tên");
  EXPECT_NE(ok.raw.header("etag"), etag);
  EXPECT_EQ(call("PATCH", url, kAdmin, R"({"title":"Lần nữa"})", "If-Match: " + etag).status, 412);
  EXPECT_EQ(call("GET", url, kAdmin).body.at("title"), "Đổi tên");
}

TEST_F(E2E, IdempotencyKeyReplaysTheAnswerAndRefusesAnotherBody) {
  const long long province = org_id("51"), host = room_of_org(province);
  const auto body = meeting_body("2027-02-03T08:00:00+07:00", "2027-02-03T10:00:00+07:00", host, {}, "Chair Idem", province).dump();
  const auto before = meeting_count();
  auto first = call("POST", "/v1/meetings", kAdmin, body, "Idempotency-Key: idem-1");
  auto second = call("POST", "/v1/meetings", kAdmin, body, "Idempotency-Key: idem-1");
  ASSERT_EQ(first.status, 201) << first.text;
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.raw.header("location"), first.raw.header("location"));
  EXPECT_EQ(meeting_count(), before + 1);
  auto other = json::parse(body);
  other["title"] = "another";
  EXPECT_EQ(call("POST", "/v1/meetings", kAdmin, other.dump(), "Idempotency-Key: idem-1").status, 422);
}

TEST_F(E2E, RuleRefusalListsEveryViolationAsProblemJson) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto body = meeting_body("2026-11-30T07:00:00+07:00", "2026-11-30T16:00:00+07:00", host, {}, "Chair Rules", province);
  body["type"] = "briefing";
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 422);
  EXPECT_EQ(a.raw.header("content-type").rfind("application/problem+json", 0), 0u);
  for (const char* k : {"type", "title", "status", "detail"}) EXPECT_TRUE(a.body.contains(k)) << k;
  ASSERT_EQ(a.body.at("violations").size(), 2u);
  EXPECT_EQ(a.body.at("violations").at(0).at("rule"), "max_length");
  EXPECT_FALSE(a.body.at("violations").at(0).at("article").get<std::string>().empty());
}

TEST_F(E2E, ConflictNamesTheMeetingRoomAndSlot) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto first = call("POST", "/v1/meetings", kAdmin,
                    meeting_body("2027-02-04T08:00:00+07:00", "2027-02-04T10:00:00+07:00", host, {}, "Chair C1", province).dump());
  ASSERT_EQ(first.status, 201) << first.text;
  auto clash = call("POST", "/v1/meetings", kAdmin,
                    meeting_body("2027-02-04T09:00:00+07:00", "2027-02-04T11:00:00+07:00", host, {}, "Chair C2", province).dump());
  ASSERT_EQ(clash.status, 409);
  const auto& c = clash.body.at("conflicts").at(0);
  EXPECT_EQ(c.at("meeting_id"), first.body.at("id"));
  EXPECT_EQ(c.at("room_id"), host);
  EXPECT_EQ(c.at("start"), "2027-02-04T08:00:00+07:00");
}

TEST_F(E2E, ListFiltersByRoomAndWindowAndPages) {
  const long long province = org_id("51"), host = room_of_org(province);
  const long long room = room_of_org(org_id("SYT"));
  for (int d = 8; d <= 10; ++d) {
    const std::string day = "2027-02-" + std::string(d < 10 ? "0" : "") + std::to_string(d);
    auto a = call("POST", "/v1/meetings", kAdmin,
                  meeting_body(day + "T13:30:00+07:00", day + "T15:00:00+07:00", host, {room}, "Chair List", province).dump());
    ASSERT_EQ(a.status, 201) << a.text;
  }
  auto page = call("GET", "/v1/meetings?room=" + std::to_string(room) +
                              "&from=2027-02-08T00:00:00%2B07:00&to=2027-02-11T00:00:00%2B07:00&limit=2", kAdmin);
  ASSERT_EQ(page.status, 200) << page.text;
  EXPECT_EQ(page.body.at("total"), 3);
  EXPECT_EQ(page.body.at("items").size(), 2u);
  auto rest = call("GET", "/v1/meetings?room=" + std::to_string(room) +
                              "&from=2027-02-08T00:00:00Z&to=2027-02-11T00:00:00Z&limit=2&offset=2", kAdmin);
  EXPECT_EQ(rest.body.at("items").size(), 1u);
}

icalcomponent* parse_ics(const std::string& text) { return icalparser_parse_string(text.c_str()); }

TEST_F(E2E, InvitationIsARequestThenACancelWithAHigherSequence) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto a = call("POST", "/v1/meetings", kAdmin,
                meeting_body("2027-02-05T08:00:00+07:00", "2027-02-05T10:00:00+07:00", host, {}, "Chair Ics", province).dump());
  ASSERT_EQ(a.status, 201) << a.text;
  const std::string url = "/v1/meetings/" + a.body.at("id").dump();
  auto invite = call("GET", url + "/invitation.ics", kAdmin);
  ASSERT_EQ(invite.status, 200);
  EXPECT_EQ(invite.raw.header("content-type").rfind("text/calendar", 0), 0u);
  icalcomponent* cal = parse_ics(invite.text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
  icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  ASSERT_NE(ev, nullptr);
  const int seq_before = icalcomponent_get_sequence(ev);
  EXPECT_EQ(std::string(icalcomponent_get_summary(ev)), "Họp kiểm thử");
  icalcomponent_free(cal);

  ASSERT_EQ(call("POST", url + "/cancel", kAdmin, R"({"reason":"Trùng lịch"})").status, 200);
  auto cancel = call("GET", url + "/invitation.ics", kAdmin);
  cal = parse_ics(cancel.text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
  ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
  EXPECT_EQ(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
  EXPECT_GT(icalcomponent_get_sequence(ev), seq_before);
  icalcomponent_free(cal);
}

TEST_F(E2E, RoomCalendarFeedParsesBackWithEveryMeetingOfTheRoom) {
  const long long province = org_id("51"), host = room_of_org(province);
  const long long room = room_of_org(org_id("STP"));
  for (const char* day : {"2027-02-15", "2027-02-16"}) {
    auto a = call("POST", "/v1/meetings", kAdmin,
                  meeting_body(std::string(day) + "T14:00:00+07:00", std::string(day) + "T15:00:00+07:00", host, {room},
                               "Chair Feed", province).dump());
    ASSERT_EQ(a.status, 201) << a.text;
  }
  const auto hall = issue_token("hall", std::nullopt, room);
  // Calendar programs subscribe by URL: the token may travel in the query.
  auto feed = call("GET", "/v1/rooms/" + std::to_string(room) + "/calendar.ics?token=" + hall, "");
  ASSERT_EQ(feed.status, 200) << feed.text;
  icalcomponent* cal = parse_ics(feed.text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
  int events = 0;
  for (auto* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev != nullptr;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    ++events;
  EXPECT_EQ(events, 2);
  icalcomponent_free(cal);
}

TEST_F(E2E, PostponeAndCancelNeedAReason) {
  const long long province = org_id("51"), host = room_of_org(province);
  auto a = call("POST", "/v1/meetings", kAdmin,
                meeting_body("2027-02-17T08:00:00+07:00", "2027-02-17T10:00:00+07:00", host, {}, "Chair Reason", province).dump());
  const std::string url = "/v1/meetings/" + a.body.at("id").dump();
  EXPECT_EQ(call("POST", url + "/postpone", kAdmin, "{}").status, 422);
  auto p = call("POST", url + "/postpone", kAdmin, R"({"reason":"Chờ ý kiến Bộ"})");
  ASSERT_EQ(p.status, 200) << p.text;
  EXPECT_EQ(p.body.at("status"), "postponed");
  EXPECT_EQ(call("POST", url + "/postpone", kAdmin, R"({"reason":"again"})").status, 409);
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

TEST_F(E2E, AMeetingOwingAConclusionIsOverdueUntilTheNoticeIsRecorded) {
  const long long province = org_id("51"), host = room_of_org(province);
  // Ended Monday 16 Nov 2026; 5 working days later is 23 Nov; the service's today is 27 Nov.
  auto body = meeting_body("2026-11-16T08:00:00+07:00", "2026-11-16T10:00:00+07:00", host, {}, "Chair Conclusion", province);
  body["conclusion_required"] = true;
  body["conclusion_org_id"] = org_id("VP-UBND");
  auto a = call("POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  const auto id = a.body.at("id");
  auto overdue_ids = [] {
    std::vector<json> ids;
    const auto list = call("GET", "/v1/meetings/overdue-conclusions", kAdmin);
    for (const auto& m : list.body.at("items")) ids.push_back(m.at("id"));
    return ids;
  };
  auto list = call("GET", "/v1/meetings/overdue-conclusions", kAdmin);
  bool found = false;
  for (const auto& m : list.body.at("items"))
    if (m.at("id") == id) {
      found = true;
      EXPECT_EQ(m.at("conclusion_deadline"), "2026-11-23");
    }
  EXPECT_TRUE(found);
  const std::string url = "/v1/meetings/" + id.dump() + "/conclusion";
  EXPECT_EQ(call("POST", url, kAdmin, R"({"sent_at":"2026-11-15T08:00:00+07:00"})").status, 422);
  auto done = call("POST", url, kAdmin, "{}");
  ASSERT_EQ(done.status, 200) << done.text;
  EXPECT_FALSE(done.body.at("conclusion_sent_at").is_null());
  const auto after = overdue_ids();
  EXPECT_EQ(std::find(after.begin(), after.end(), id), after.end());
}

}  // namespace
}  // namespace e2e
