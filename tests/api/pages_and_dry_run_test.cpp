// The booking dry run (checks everything, writes nothing) and the web pages' serving:
// a fixed list of files with their MIME types and revalidation, nothing else.
#include <set>

#include "api_fixture.hpp"

namespace e2e {
namespace {

TEST_F(E2E, ADryRunListsEveryViolationWithItsArticleAndWritesNothing) {
  const long long province = org_id("51"), host = room_of_org(province);
  // The clock says 2026-11-27: a briefing on 2026-11-30 misses the 3-working-day invitation
  // lead time, and 08:00-14:00 is longer than one session.
  auto body = meeting_body("2026-11-30T08:00:00+07:00", "2026-11-30T14:00:00+07:00", host, {}, "Chair Dry Run", province);
  body["type"] = "briefing";
  const auto before = call("GET", "/v1/meetings?limit=1", kAdmin).body.at("total").get<long long>();
  auto a = call("POST", "/v1/meetings?dry_run=true", kAdmin, body.dump());
  ASSERT_EQ(a.status, 422) << a.text;
  std::set<std::string> rules;
  for (const auto& v : a.body.at("violations")) {
    rules.insert(v.at("rule").get<std::string>());
    EXPECT_NE(v.at("article").get<std::string>().find("45/2018"), std::string::npos) << v.dump();
  }
  EXPECT_TRUE(rules.contains("invitation_lead_time")) << a.text;
  EXPECT_TRUE(rules.contains("max_length")) << a.text;

  // A slot no other test of the suite books (they share one server).
  body["start"] = "2027-03-17T13:35:00+07:00";
  body["end"] = "2027-03-17T15:10:00+07:00";
  auto ok = call("POST", "/v1/meetings?dry_run=true", kAdmin, body.dump());
  ASSERT_EQ(ok.status, 200) << ok.text;
  EXPECT_EQ(ok.body.at("ok"), true);
  EXPECT_EQ(ok.body.at("occurrences").size(), 1u);
  EXPECT_EQ(call("GET", "/v1/meetings?limit=1", kAdmin).body.at("total").get<long long>(), before);

  // Once booked, the same slot's dry run reports the conflicts (room and chair).
  ASSERT_EQ(call("POST", "/v1/meetings", kAdmin, body.dump()).status, 201);
  auto clash = call("POST", "/v1/meetings?dry_run=true", kAdmin, body.dump());
  ASSERT_EQ(clash.status, 200) << clash.text;
  EXPECT_EQ(clash.body.at("ok"), false);
  bool room = false, chair = false;
  for (const auto& c : clash.body.at("conflicts")) {
    if (c.value("chair", false)) chair = true;
    if (c.at("room_id") == host) room = true;
  }
  EXPECT_TRUE(room && chair) << clash.text;
}

TEST_F(E2E, PagesAreServedFromTheirListWithTheirTypesAndRevalidate) {
  auto page = call("GET", "/web/secretariat.html", "");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.raw.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.text.find("<html"), std::string::npos);
  EXPECT_NE(page.raw.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  const auto tag = page.raw.header("etag");
  ASSERT_FALSE(tag.empty());
  EXPECT_EQ(page.raw.header("cache-control"), "no-cache");
  EXPECT_EQ(call("GET", "/web/whip.js", "").raw.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(call("GET", "/web/style.css", "").raw.header("content-type"), "text/css; charset=utf-8");
  EXPECT_NE(call("GET", "/", "").text.find("/web/secretariat.html"), std::string::npos);
  // Nothing outside the list, however it is spelt.
  for (const char* path : {"/web/..%2Fmain.cpp", "/web/../routes/page_routes.cpp", "/web/README.md", "/web/", "/web/.%2e"})
    EXPECT_EQ(call("GET", path, "").status, 404) << path;
}

}  // namespace
}  // namespace e2e
