// Read caching never serves stale data: a process reads its own writes at once, and a
// second process sees another's writes once PostgreSQL has announced them.
#include <thread>

#include "api_fixture.hpp"

namespace e2e {
namespace {

Answer call_on(int port, const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& extra = "") {
  return call_at(port, method, path, kAdmin, body.empty() ? std::nullopt : std::optional<std::string>(body), extra);
}

TEST_F(E2E, AReadAfterAWriteSeesTheWriteInTheSameProcessAndInAnother) {
  testing_support::ServerProcess second(world().db.url(), kAdmin,
                                        {{"MEETINGD_NOW", "2026-11-27T09:00:00+07:00"}});
  const int a = world().server->port(), b = second.port();
  const long long province = org_id("51"), host = room_of_org(province);
  auto booked = call_on(a, "POST", "/v1/meetings",
                        meeting_body("2027-06-01T08:00:00+07:00", "2027-06-01T09:00:00+07:00", host, {}, "Chair Cache",
                                     province).dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const std::string url = "/v1/meetings/" + booked.body.at("id").dump();
  // Both processes now hold the meeting (and the list) in their caches.
  for (int port : {a, b}) {
    EXPECT_EQ(call_on(port, "GET", url).body.at("title"), "Họp kiểm thử");
    call_on(port, "GET", "/v1/meetings?limit=500");
  }
  auto patched = call_on(a, "PATCH", url, R"({"title":"Tên mới"})", "If-Match: " + booked.raw.header("etag"));
  ASSERT_EQ(patched.status, 200) << patched.text;
  EXPECT_EQ(call_on(a, "GET", url).body.at("title"), "Tên mới");  // at once, same process
  std::string seen;
  for (int i = 0; i < 100 && seen != "Tên mới"; ++i) {  // the other process: after the notification
    seen = call_on(b, "GET", url).body.at("title").get<std::string>();
    if (seen != "Tên mới") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(seen, "Tên mới");
  // Exactly one of the two processes conducts (the PostgreSQL lease).
  int leading = 0;
  for (int port : {a, b})
    if (call_at(port, "GET", "/metrics", kAdmin).text.find("\nmeetingd_conductor_leading 1\n") != std::string::npos) ++leading;
  EXPECT_EQ(leading, 1);
  EXPECT_EQ(second.terminate(), 0);  // SIGTERM: a clean, graceful stop
}

}  // namespace
}  // namespace e2e
