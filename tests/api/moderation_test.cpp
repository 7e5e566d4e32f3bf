// Two API processes behind one proxy: the organiser's moderation is answered rightly by
// either, though only one of them conducts (and holds the media session).
#include "api_fixture.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

Answer to(int port, const std::string& method, const std::string& path, const std::string& body = "") {
  return call_at(port, method, path, kAdmin, body.empty() ? std::nullopt : std::optional<std::string>(body));
}

bool leads(int port) {
  return to(port, "GET", "/metrics").text.find("\nmeetingd_conductor_leading 1") != std::string::npos;
}

TEST_F(E2E, EitherOfTwoApiProcessesModeratesTheSessionTheOtherConducts) {
  testing_support::TestDatabase db("moderation");
  const std::map<std::string, std::string> env{{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}};
  testing_support::ServerProcess first(db.url(), kAdmin, env);
  ASSERT_TRUE(eventually([&] { return leads(first.port()); }, 30s));
  testing_support::ServerProcess second(db.url(), kAdmin, env);
  const int conducting = first.port(), other = second.port();

  const auto rooms = to(other, "GET", "/v1/rooms?limit=3");
  std::vector<long long> ids;
  for (const auto& r : rooms.body.at("items")) ids.push_back(r.at("id").get<long long>());
  json body = {{"title", "Họp hai máy chủ"}, {"type", "other"}, {"organiser_org_id", 1},
               {"chair", {{"name", "Chủ trì"}, {"position", ""}}}, {"host_room_id", ids[0]},
               {"room_ids", {ids[1], ids[2]}}, {"start", "2026-12-01T09:00:00+07:00"},
               {"end", "2026-12-01T11:00:00+07:00"}};
  auto booked = to(other, "POST", "/v1/meetings", body.dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const std::string murl = "/v1/meetings/" + booked.body.at("id").dump();
  ASSERT_TRUE(eventually([&] {
    auto h = to(other, "GET", murl + "/health");
    return h.status == 200 && h.body.at("legs").size() == 3;
  }, 30s));
  EXPECT_FALSE(leads(other));

  auto muted = [&](int port) {
    const auto health = to(port, "GET", murl + "/health");
    for (const auto& l : health.body.at("legs"))
      if (l.at("room_id") == ids[1]) return l.at("audio_muted").get<bool>();
    return false;
  };
  const std::string room = std::to_string(ids[1]);
  // The process that does not conduct: the conductor carries it out and says how it went.
  auto a = to(other, "POST", murl + "/moderation", R"({"action":"mute","room_id":)" + room + "}");
  EXPECT_EQ(a.status, 200) << a.text;
  EXPECT_TRUE(eventually([&] { return muted(other); }, 10s)) << to(other, "GET", murl + "/health").text;
  EXPECT_EQ(to(other, "POST", murl + "/moderation", R"({"action":"layout","layout":"speaker"})").status, 200);
  EXPECT_TRUE(eventually([&] { return to(other, "GET", murl + "/health").body.at("layout") == "speaker"; }, 10s));
  // Its refusals are the conductor's, with the same codes.
  EXPECT_EQ(to(other, "POST", murl + "/moderation", R"({"action":"mute","room_id":999999})").status, 404);
  EXPECT_EQ(to(other, "POST", murl + "/moderation", R"({"action":"layout","layout":"mosaic"})").status, 422);
  EXPECT_EQ(to(other, "POST", murl + "/moderation", R"({"action":"mute"})").status, 422);
  // The conducting process answers as well.
  EXPECT_EQ(to(conducting, "POST", murl + "/moderation", R"({"action":"unmute","room_id":)" + room + "}").status, 200);
  EXPECT_TRUE(eventually([&] { return !muted(conducting); }, 10s));
}

}  // namespace
}  // namespace e2e
