// A booked meeting run end to end: the conductor opens it, three real RTP halls
// (gst-launch-1.0: H.264 + Opus) join with what /join gives them, health shows them,
// a stopped hall is lost and an event says so, the meeting ends and attendance shows the
// intervals; then kill -9 of the service mid-meeting and a restart resume the session.
#include <unistd.h>

#include <atomic>
#include <thread>

#include "api_fixture.hpp"
#include "child_process.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

// One hall's hardware codec: test video and a tone, sent as RTP to the given ports.
class Sender {
 public:
  Sender(int video_port, int audio_port, int tone_hz) {
    const std::string v = std::to_string(video_port), a = std::to_string(audio_port), f = std::to_string(tone_hz);
    std::vector<std::string> args = {
        "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=ball", "!",
        "video/x-raw,width=320,height=180,framerate=15/1", "!", "x264enc", "tune=zerolatency",
        "speed-preset=ultrafast", "bitrate=300", "key-int-max=15", "!", "rtph264pay", "pt=96", "config-interval=1", "!",
        "udpsink", "host=127.0.0.1", "port=" + v, "audiotestsrc", "is-live=true", "freq=" + f, "!", "audioconvert",
        "!", "audioresample", "!", "opusenc", "!", "rtpopuspay", "pt=111", "!", "udpsink", "host=127.0.0.1",
        "port=" + a};
    pid_ = testing_support::spawn(args);
  }
  ~Sender() { stop(); }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;
  void stop() {
    testing_support::stop_process(pid_);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

struct LiveWorld {
  testing_support::TestDatabase db{"live"};
};

Answer on(int port, const std::string& method, const std::string& path, const std::string& token,
          const std::string& body = "") {
  return call_at(port, method, path, token, body.empty() ? std::nullopt : std::optional<std::string>(body));
}

std::string e2e_token(int port, long long room) {
  auto a = on(port, "POST", "/v1/tokens", kAdmin, json{{"role", "hall"}, {"room_id", room}}.dump());
  return a.body.at("token").get<std::string>();
}

long long first_id(int port, const std::string& path) {
  return on(port, "GET", path, kAdmin).body.at("items").at(0).at("id").get<long long>();
}

std::map<long long, std::string> leg_states(int port, long long meeting) {
  std::map<long long, std::string> out;
  auto h = on(port, "GET", "/v1/meetings/" + std::to_string(meeting) + "/health", kAdmin);
  if (h.status != 200) return out;
  for (const auto& l : h.body.at("legs")) out[l.at("room_id").get<long long>()] = l.at("state").get<std::string>();
  return out;
}

TEST_F(E2E, ABookedMeetingRunsWithRealHallsAndSurvivesARestart) {
  LiveWorld w;
  const std::map<std::string, std::string> env{{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}};
  auto server = std::make_unique<testing_support::ServerProcess>(w.db.url(), kAdmin, env);
  int port = server->port();

  // Three halls: the province (host) and two departments.
  const long long province = first_id(port, "/v1/orgs?level=province&as_of=2026-12-01");
  std::vector<long long> rooms;
  const auto orgs = on(port, "GET", "/v1/orgs?as_of=2026-12-01&limit=500", kAdmin);
  for (const char* code : {"51", "SYT", "STP"})
    for (const auto& o : orgs.body.at("items"))
      if (o.at("code") == code) rooms.push_back(first_id(port, "/v1/rooms?org=" + o.at("id").dump()));
  ASSERT_EQ(rooms.size(), 3u);
  json body = {{"title", "Giao ban trực tuyến"}, {"type", "other"}, {"organiser_org_id", province},
               {"chair", {{"name", "Chủ tịch"}, {"position", "Chủ tịch UBND tỉnh"}}}, {"host_room_id", rooms[0]},
               {"room_ids", {rooms[1], rooms[2]}}, {"start", "2026-12-01T09:00:00+07:00"},
               {"end", "2026-12-01T11:00:00+07:00"}};
  auto booked = on(port, "POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const long long meeting = booked.body.at("id").get<long long>();
  const std::string murl = "/v1/meetings/" + std::to_string(meeting);

  // The clock says 08:40: inside the 30-minute rehearsal window, so the conductor opens it.
  ASSERT_TRUE(eventually([&] { return on(port, "GET", murl, kAdmin).body.at("status") == "rehearsal"; }));
  std::vector<std::string> hall_tokens;
  for (long long r : rooms) hall_tokens.push_back(e2e_token(port, r));

  auto start_senders = [&](std::vector<std::unique_ptr<Sender>>& senders) {
    senders.clear();
    for (std::size_t i = 0; i < rooms.size(); ++i) {
      Answer j;
      EXPECT_TRUE(eventually([&] {
        j = on(port, "GET", "/v1/rooms/" + std::to_string(rooms[i]) + "/join", hall_tokens[i]);
        return j.status == 200;
      })) << j.text;
      const auto& m = j.body.at("media");
      EXPECT_EQ(m.at("video").at("encoding"), "H264");
      senders.push_back(std::make_unique<Sender>(m.at("video").at("port").get<int>(), m.at("audio").at("port").get<int>(),
                                                 440 + 220 * static_cast<int>(i)));
    }
  };
  std::vector<std::unique_ptr<Sender>> senders;
  start_senders(senders);
  // A hall may join only its own room.
  EXPECT_EQ(on(port, "GET", "/v1/rooms/" + std::to_string(rooms[0]) + "/join", hall_tokens[1]).status, 403);

  auto all_ok = [&] {
    auto s = leg_states(port, meeting);
    return s.size() == 3 && std::all_of(s.begin(), s.end(), [](const auto& kv) { return kv.second == "ok"; });
  };
  ASSERT_TRUE(eventually(all_ok, 90s)) << on(port, "GET", murl + "/health", kAdmin).text.substr(0, 2000);
  EXPECT_EQ(on(port, "GET", "/v1/health", kAdmin).body.at("total"), 1);
  // Prometheus sees every leg too.
  const auto page = on(port, "GET", "/metrics", kAdmin).text;
  for (long long r : rooms)
    EXPECT_NE(page.find("meetingd_leg_up{meeting=\"" + std::to_string(meeting) + "\",room=\"" + std::to_string(r) +
                        "\"} 1"),
              std::string::npos)
        << page.substr(0, 3000);
  EXPECT_NE(page.find("meetingd_leg_jitter_ms{"), std::string::npos);

  // The organiser moderates: mute a hall, change the layout, give the floor; bad actions are refused.
  auto mod = [&](const std::string& b) { return on(port, "POST", murl + "/moderation", kAdmin, b).status; };
  EXPECT_EQ(mod(R"({"action":"mute","room_id":)" + std::to_string(rooms[1]) + "}"), 200);
  EXPECT_EQ(mod(R"({"action":"layout","layout":"speaker"})"), 200);
  EXPECT_EQ(mod(R"({"action":"floor","room_id":)" + std::to_string(rooms[0]) + "}"), 200);
  EXPECT_EQ(mod(R"({"action":"explode"})"), 400);
  EXPECT_EQ(mod(R"({"action":"mute","room_id":999999})"), 404);
  EXPECT_EQ(mod(R"({"action":"layout","layout":"mosaic"})"), 422);
  ASSERT_TRUE(eventually([&] {
    auto h = on(port, "GET", murl + "/health", kAdmin);
    if (h.status != 200) return false;
    for (const auto& l : h.body.at("legs"))
      if (l.at("room_id") == rooms[1]) return l.at("audio_muted").get<bool>();
    return false;
  }, 10s));
  EXPECT_EQ(on(port, "GET", murl + "/health", kAdmin).body.at("layout"), "speaker");
  EXPECT_EQ(mod(R"({"action":"unmute","room_id":)" + std::to_string(rooms[1]) + "}"), 200);

  // The third hall stops: its leg is lost and an event says so.
  const long long last_seen_id = on(port, "GET", "/v1/events?after=0", kAdmin).body.at("last_id").get<long long>();
  senders[2]->stop();
  ASSERT_TRUE(eventually([&] { return leg_states(port, meeting)[rooms[2]] == "lost"; }, 30s));
  bool lost_event = false;
  long long after = last_seen_id;
  ASSERT_TRUE(eventually([&] {
    auto ev = on(port, "GET", "/v1/events?after=" + std::to_string(after) + "&wait=2", kAdmin);
    after = ev.body.at("last_id").get<long long>();
    for (const auto& e : ev.body.at("items"))
      if (e.at("kind") == "hall_lost" && e.at("room_id") == rooms[2]) lost_event = true;
    return lost_event;
  }, 30s));
  EXPECT_EQ(leg_states(port, meeting)[rooms[0]], "ok");

  // kill -9 in the middle of the meeting, then a restart: the session is reopened.
  server->kill_hard();
  server = std::make_unique<testing_support::ServerProcess>(w.db.url(), kAdmin, env);
  port = server->port();
  ASSERT_TRUE(eventually([&] {
    const auto ev = on(port, "GET", "/v1/events?after=" + std::to_string(after), kAdmin);
    for (const auto& e : ev.body.at("items"))
      if (e.at("kind") == "session_reopened") return true;
    return false;
  }));
  ASSERT_TRUE(eventually([&] { return leg_states(port, meeting).size() == 3; }));
  EXPECT_EQ(on(port, "GET", murl, kAdmin).body.at("status"), "rehearsal");
  start_senders(senders);  // halls dial again with what /join says now
  senders[2]->stop();
  ASSERT_TRUE(eventually([&] {
    auto s = leg_states(port, meeting);
    return s[rooms[0]] == "ok" && s[rooms[1]] == "ok";
  }, 90s));

  // The organiser starts and ends it; attendance shows who was there.
  ASSERT_EQ(on(port, "POST", murl + "/start", kAdmin).status, 200);
  EXPECT_EQ(on(port, "GET", murl, kAdmin).body.at("status"), "live");
  auto ended = on(port, "POST", murl + "/end", kAdmin);
  ASSERT_EQ(ended.status, 200) << ended.text;
  EXPECT_EQ(ended.body.at("status"), "ended");
  for (auto& s : senders) s->stop();
  auto att = on(port, "GET", murl + "/attendance", kAdmin);
  ASSERT_EQ(att.status, 200) << att.text;
  std::map<long long, json> by_room;
  for (const auto& r : att.body.at("rooms")) by_room[r.at("room_id").get<long long>()] = r;
  // Halls 1 and 2: connected before the crash and again after it; hall 3 only before.
  EXPECT_GE(by_room[rooms[0]].at("intervals").size(), 2u) << att.text;
  EXPECT_GE(by_room[rooms[1]].at("intervals").size(), 2u);
  EXPECT_EQ(by_room[rooms[2]].at("intervals").size(), 1u);
  for (const auto& [room, r] : by_room)
    for (const auto& i : r.at("intervals")) EXPECT_FALSE(i.at("left_at").is_null()) << room;
  auto csv = on(port, "GET", murl + "/attendance?format=csv", kAdmin);
  EXPECT_EQ(csv.raw.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_NE(csv.text.find("room_id,room_name,joined_at,left_at,seconds"), std::string::npos);
  auto report = on(port, "GET", "/v1/reports/meetings?from=2026-12-01T00:00:00%2B07:00&to=2026-12-02T00:00:00%2B07:00",
                   kAdmin);
  ASSERT_EQ(report.status, 200) << report.text;
  EXPECT_EQ(report.body.at("total"), 3);  // the three halls' organisations
  EXPECT_EQ(server->terminate(), 0);
}

// A meeting of the first two rooms in its rehearsal window (the clock says 08:40), and what
// /join answers the second one's hall.
Answer join_of_a_booked_hall(int port, const std::string& title) {
  const auto rooms = on(port, "GET", "/v1/rooms?limit=2", kAdmin);
  const long long host = rooms.body.at("items").at(0).at("id").get<long long>();
  const long long hall_room = rooms.body.at("items").at(1).at("id").get<long long>();
  json body = {{"title", title}, {"type", "other"}, {"organiser_org_id", 1},
               {"chair", {{"name", "Chủ trì " + title}, {"position", ""}}}, {"host_room_id", host},
               {"room_ids", {hall_room}}, {"start", "2026-12-01T09:00:00+07:00"}, {"end", "2026-12-01T10:00:00+07:00"}};
  EXPECT_EQ(on(port, "POST", "/v1/meetings", kAdmin, body.dump()).status, 201);
  const auto token = e2e_token(port, hall_room);
  Answer j;
  EXPECT_TRUE(eventually([&] {
    j = on(port, "GET", "/v1/rooms/" + std::to_string(hall_room) + "/join", token);
    return j.status == 200;
  }, 30s)) << j.text;
  return j;
}

TEST_F(E2E, WithSrtpOnJoinHandsTheHallItsKeys) {
  LiveWorld w;
  testing_support::ServerProcess server(w.db.url(), kAdmin, {{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}},
                                        {"--srtp"});
  const int port = server.port();
  const Answer j = join_of_a_booked_hall(port, "Họp bảo mật");
  ASSERT_EQ(j.status, 200) << j.text;
  const auto& srtp = j.body.at("media").at("srtp");
  ASSERT_TRUE(srtp.is_object()) << j.text;
  EXPECT_EQ(srtp.at("suite"), "AES_CM_128_HMAC_SHA1_80");
  // 30 bytes of key and salt in base64: 40 characters; distinct keys for each direction.
  EXPECT_EQ(srtp.at("send_key").get<std::string>().size(), 40u);
  EXPECT_EQ(srtp.at("receive_key").get<std::string>().size(), 40u);
  EXPECT_NE(srtp.at("send_key"), srtp.at("receive_key"));
}

// What a hall's codec is told about retransmission: video gaps are NACKed and may be
// answered with RTX (PT 97 repairing PT 96); audio is never asked for again. Every field
// of the answer's media objects is in the OpenAPI document the server serves.
TEST_F(E2E, JoinAnnouncesNackAndRtxForVideoOnlyAndTheDocumentDescribesThem) {
  LiveWorld w;
  testing_support::ServerProcess server(w.db.url(), kAdmin, {{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}});
  const int port = server.port();
  const Answer j = join_of_a_booked_hall(port, "Họp giao ban");
  ASSERT_EQ(j.status, 200) << j.text;
  const json& video = j.body.at("media").at("video");
  const json& audio = j.body.at("media").at("audio");
  EXPECT_EQ(video.at("nack"), true) << j.text;
  ASSERT_TRUE(video.contains("rtx")) << j.text;
  EXPECT_EQ(video.at("rtx").at("payload_type"), 97);
  EXPECT_EQ(video.at("rtx").at("apt"), video.at("payload_type"));
  EXPECT_EQ(audio.at("nack"), false) << j.text;
  EXPECT_FALSE(audio.contains("rtx")) << j.text;

  const auto doc = on(port, "GET", "/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  const json& media = doc.body.at("components").at("schemas").at("JoinInfo").at("properties").at("media");
  for (const char* kind : {"video", "audio"}) {
    const json& documented = media.at("properties").at(kind).at("properties");
    for (const auto& [field, value] : j.body.at("media").at(kind).items())
      EXPECT_TRUE(documented.contains(field)) << kind << "." << field << " is not documented";
  }
  const json& rtx = media.at("properties").at("video").at("properties").at("rtx").at("properties");
  for (const auto& [field, value] : video.at("rtx").items())
    EXPECT_TRUE(rtx.contains(field)) << "video.rtx." << field << " is not documented";
}

// Each leg in the session's health says which shared output profile it receives now (a
// congested hall is moved to a lower one) and which it asked for.
TEST_F(E2E, HealthShowsTheOutputProfileEachLegReceivesAndTheOneItAskedFor) {
  LiveWorld w;
  testing_support::ServerProcess server(w.db.url(), kAdmin, {{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}});
  const int port = server.port();
  const auto rooms = on(port, "GET", "/v1/rooms?limit=2", kAdmin);
  const long long host = rooms.body.at("items").at(0).at("id").get<long long>();
  const long long hall_room = rooms.body.at("items").at(1).at("id").get<long long>();
  json body = {{"title", "Họp giao ban"}, {"type", "other"}, {"organiser_org_id", 1},
               {"chair", {{"name", "Chủ trì"}, {"position", ""}}}, {"host_room_id", host},
               {"room_ids", {hall_room}}, {"start", "2026-12-01T09:00:00+07:00"}, {"end", "2026-12-01T10:00:00+07:00"}};
  const auto booked = on(port, "POST", "/v1/meetings", kAdmin, body.dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const long long meeting = booked.body.at("id").get<long long>();
  Answer h;
  ASSERT_TRUE(eventually([&] {
    h = on(port, "GET", "/v1/meetings/" + std::to_string(meeting) + "/health", kAdmin);
    return h.status == 200 && h.body.contains("legs") && h.body.at("legs").size() >= 2;
  }, 30s)) << h.text;
  for (const auto& leg : h.body.at("legs")) {
    ASSERT_TRUE(leg.contains("output")) << leg.dump();
    EXPECT_TRUE(leg.at("output") == "hd" || leg.at("output") == "sd") << leg.dump();
    EXPECT_EQ(leg.at("output"), leg.at("output_asked")) << "nobody is congested: " << leg.dump();
  }
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

TEST_F(E2E, OnlyAFewEventLongPollsWaitAtOnceSoTheyNeverStarveTheServer) {
  const long long last = call("GET", "/v1/events?after=0", kAdmin).body.at("last_id").get<long long>();
  const std::string poll = "/v1/events?after=" + std::to_string(last) + "&wait=8";
  std::atomic<int> waiting_done{0};
  std::vector<std::thread> waiting;
  for (int i = 0; i < 4; ++i)
    waiting.emplace_back([&] {
      call("GET", poll, kAdmin);
      ++waiting_done;
    });
  std::this_thread::sleep_for(1s);  // let the four start waiting
  // A fifth is answered at once, while the four still wait; the API keeps serving meanwhile.
  const auto fifth = call("GET", poll, kAdmin);
  EXPECT_EQ(fifth.status, 200);
  EXPECT_EQ(call("GET", "/v1/orgs?limit=1", kAdmin).status, 200);
  EXPECT_EQ(waiting_done.load(), 0);
  for (auto& t : waiting) t.join();
  EXPECT_EQ(waiting_done.load(), 4);
}

}  // namespace
}  // namespace e2e
