// Hostile and malformed input: always a 4xx problem, nothing written, the server still serving.
#include "api_fixture.hpp"

namespace e2e {
namespace {

json valid_body() {
  const long long province = org_id("51");
  return meeting_body("2027-04-05T08:00:00+07:00", "2027-04-05T10:00:00+07:00", room_of_org(province), {},
                      "Chair Bad Input", province);
}

// Posts `body` and expects a 4xx problem with nothing written.
void expect_refused(const std::string& body, int status, const std::string& what,
                    const std::string& content_type = "application/json") {
  const auto before = meeting_count();
  auto a = call("POST", "/v1/meetings", kAdmin, body, "", content_type);
  EXPECT_EQ(a.status, status) << what << ": " << a.text.substr(0, 300);
  EXPECT_EQ(a.raw.header("content-type").rfind("application/problem+json", 0), 0u) << what;
  EXPECT_TRUE(a.body.is_object() && a.body.contains("detail")) << what;
  EXPECT_EQ(a.text.find("pqxx"), std::string::npos) << what;
  EXPECT_EQ(a.text.find("ERROR:"), std::string::npos) << what;
  EXPECT_EQ(meeting_count(), before) << what;
}

TEST_F(E2E, MalformedJsonIs400) {
  for (const std::string body : {"", "{", "{\"title\":", "[]", "null", "42", "{\"title\":\"x\",}", "{'a':1}"})
    expect_refused(body, 400, "body " + body);
}

TEST_F(E2E, WrongTypesAre400) {
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"title", 5}, {"type", true}, {"organiser_org_id", "1"}, {"organiser_org_id", 1.5},
           {"host_room_id", json::array()}, {"room_ids", "1,2"}, {"room_ids", json::array({"a"})},
           {"chair", "Nguyễn"}, {"ad_hoc", "yes"}, {"agenda", json::object()}, {"start", 1700000000}}) {
    auto body = valid_body();
    body[field] = value;
    expect_refused(body.dump(), 400, field + "=" + value.dump());
  }
}

TEST_F(E2E, HugeAndNegativeNumbersAre400) {
  for (const json& v : {json(-1), json(0), json(18446744073709551615ULL), json(9223372036854775807LL), json(1e300)}) {
    auto body = valid_body();
    body["host_room_id"] = v;
    expect_refused(body.dump(), 400, "host_room_id=" + v.dump());
  }
  expect_refused(R"({"title":"x","organiser_org_id":1e999999})", 400, "overflowing number");
}

TEST_F(E2E, UnknownAndMissingFieldsAre400) {
  auto body = valid_body();
  body["titel"] = "typo";
  expect_refused(body.dump(), 400, "unknown field");
  for (const char* f : {"title", "type", "organiser_org_id", "chair", "host_room_id", "start", "end"}) {
    auto b = valid_body();
    b.erase(f);
    expect_refused(b.dump(), 400, std::string("missing ") + f);
  }
}

TEST_F(E2E, InvalidUtf8AndNulAre400) {
  auto body = valid_body().dump();
  const auto pos = body.find("Họp kiểm thử");
  auto broken = body;
  broken.replace(pos, 3, "\xC3\x28\xFF");
  expect_refused(broken, 400, "invalid UTF-8");
  auto with_nul = valid_body();
  with_nul["title"] = std::string("a\0b", 3);
  expect_refused(with_nul.dump(), 400, "NUL in a string");
}

TEST_F(E2E, VeryLongStringsInEveryStringFieldAre400) {
  const std::string long_text(5000, 'x');
  for (const char* field : {"title", "ad_hoc_reason"}) {
    auto b = valid_body();
    b[field] = long_text;
    expect_refused(b.dump(), 400, std::string("long ") + field);
  }
  auto chair = valid_body();
  chair["chair"]["name"] = long_text;
  expect_refused(chair.dump(), 400, "long chair name");
  auto agenda = valid_body();
  agenda["agenda"] = json::array({{{"title", long_text}}});
  expect_refused(agenda.dump(), 400, "long agenda title");
  auto doc = valid_body();
  doc["documents"] = json::array({{{"title", "a"}, {"link", long_text}}});
  expect_refused(doc.dump(), 400, "long document link");
}

TEST_F(E2E, SqlMetacharactersAreJustText) {
  auto b = valid_body();
  b["title"] = "'; DROP TABLE meetings; --";
  b["chair"]["name"] = "\" OR 1=1 --";
  b["chair"]["position"] = "$1 \\x00 %s";
  auto a = call("POST", "/v1/meetings", kAdmin, b.dump());
  ASSERT_EQ(a.status, 201) << a.text;
  EXPECT_EQ(a.body.at("title"), "'; DROP TABLE meetings; --");
  EXPECT_EQ(call("GET", "/v1/meetings/" + a.body.at("id").dump(), kAdmin).body.at("chair").at("name"), "\" OR 1=1 --");
  for (const char* q : {"/v1/meetings?status=%27%20OR%201=1", "/v1/orgs?level=x%27--", "/v1/meetings?room=1%20OR%201=1"})
    EXPECT_EQ(call("GET", q, kAdmin).status, 400) << q;
}

TEST_F(E2E, InvalidDatesTimeZonesAndEndBeforeStartAreRefused) {
  for (const char* start : {"2027-02-30T08:00:00+07:00", "2027-04-05 08:00:00", "2027-04-05T08:00:00", "2027-04-05T25:00:00Z",
                            "2027-04-05T08:00:00+25:00", "yesterday", "2027-04-05T08:00:00 Asia/Ho_Chi_Minh"}) {
    auto b = valid_body();
    b["start"] = start;
    expect_refused(b.dump(), 400, start);
  }
  auto b = valid_body();
  b["end"] = "2027-04-05T07:00:00+07:00";
  expect_refused(b.dump(), 422, "end before start");
  b["end"] = b["start"];
  expect_refused(b.dump(), 422, "empty slot");
}

TEST_F(E2E, OversizedBodiesAre413AndWrongMediaTypes415) {
  auto b = valid_body();
  b["title"] = std::string(300 * 1024, 'x');
  expect_refused(b.dump(), 413, "300 KiB body");
  expect_refused(valid_body().dump(), 415, "text/plain body", "text/plain");
}

TEST_F(E2E, MalformedIdsAndParametersAre400NotServerErrors) {
  for (const char* path : {"/v1/meetings/abc", "/v1/meetings/-1", "/v1/meetings/99999999999999999999999",
                           "/v1/meetings/1.5", "/v1/orgs/0x10", "/v1/rooms/%00"})
    EXPECT_EQ(call("GET", path, kAdmin).status, 400) << path;
  for (const char* path : {"/v1/meetings?limit=0", "/v1/meetings?limit=abc", "/v1/meetings?limit=100000",
                           "/v1/meetings?offset=-3", "/v1/meetings?from=tomorrow", "/v1/orgs?as_of=2021-13-01",
                           "/v1/orgs?parent=x"})
    EXPECT_EQ(call("GET", path, kAdmin).status, 400) << path;
  EXPECT_EQ(call("GET", "/v1/meetings/424242", kAdmin).status, 404);
  EXPECT_EQ(call("DELETE", "/v1/meetings", kAdmin).status, 405);
  EXPECT_EQ(call("GET", "/v1/nothing-here", kAdmin).status, 404);
}

TEST_F(E2E, BrokenHttpDoesNotStopTheServer) {
  testing_support::HttpClient raw(world().server->port());
  raw.raw("GARBAGE\r\n\r\n");
  raw.raw("POST /v1/meetings HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{");
  raw.raw(std::string(100000, 'A'));
  EXPECT_EQ(call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(call("GET", "/readyz", "").status, 200);
}

}  // namespace
}  // namespace e2e
