// A meeting relayed from the Government's online meeting: booked with its upstream bridge,
// opened by the conductor with an upstream leg beside the halls. The outside bridge is a
// separate gst-launch-1.0 process that sends a colour and a tone to the upstream leg's
// ports (read from the session's health) and writes what comes back to files; the halls are
// gst-launch-1.0 codecs that join with what /join gives them. Bad relay input is refused.
#include <unistd.h>

#include "api_fixture.hpp"
#include "child_process.hpp"
#include "outside_bridge.hpp"
#include "signal_checks.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;
using testing_support::free_udp_port;
using testing_support::gst_colour_sender;
using testing_support::gst_tone_sender;
using testing_support::near_colour;
using testing_support::OutsideBridge;
using testing_support::tone_power;

constexpr int kHostHz = 500, kOtherHz = 800, kUpstreamHz = 1300;
constexpr std::uint32_t kUpstreamRgb = 0x0000FF;

class Process {
 public:
  explicit Process(const std::vector<std::string>& args) : pid_(testing_support::spawn(args)) {}
  ~Process() { testing_support::stop_process(pid_); }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

 private:
  pid_t pid_;
};

// A hall's codec: a colour and a tone to its leg's ports.
std::unique_ptr<Process> hall_codec(std::uint32_t rgb, int hz, int video_port, int audio_port) {
  std::vector<std::string> args{"gst-launch-1.0", "-q"};
  for (auto part : {gst_colour_sender(rgb, video_port), gst_tone_sender(hz, audio_port)}) args.insert(args.end(), part.begin(), part.end());
  return std::make_unique<Process>(args);
}

json relay_field(const std::string& address, int video_port, int audio_port) {
  return {{"upstream", {{"address", address}, {"video_port", video_port}, {"audio_port", audio_port}}},
          {"send_up", "host"}};
}

json relayed_body(json relay) {
  const long long province = org_id("51");
  json body = meeting_body("2027-04-06T08:00:00+07:00", "2027-04-06T10:00:00+07:00", room_of_org(province), {},
                           "Chair Relay Input", province);
  body["relay"] = std::move(relay);
  return body;
}

void expect_refused(const json& relay, int status, const std::string& field_or_empty, const std::string& what) {
  const auto before = meeting_count();
  const auto a = call("POST", "/v1/meetings", kAdmin, relayed_body(relay).dump());
  EXPECT_EQ(a.status, status) << what << ": " << a.text.substr(0, 300);
  EXPECT_EQ(a.raw.header("content-type").rfind("application/problem+json", 0), 0u) << what;
  if (!field_or_empty.empty()) {
    EXPECT_EQ(a.body.is_object() ? a.body.value("field", "") : "", field_or_empty) << what;
  }
  EXPECT_EQ(meeting_count(), before) << what << ": something was stored";
}

TEST_F(E2E, ARelayWhoseUpstreamIsOutsideTheAllowListIsRefusedAndNothingStored) {
  expect_refused(relay_field("198.51.100.7", 5004, 5006), 422, "relay.upstream.address", "outside the allow-list");
  expect_refused(relay_field("::ffff:10.1.2.3", 5004, 5006), 422, "relay.upstream.address", "mapped outside");
  expect_refused(relay_field("bridge.chinhphu.vn", 5004, 5006), 422, "relay.upstream.address", "a name");
  expect_refused(relay_field("127.0.0.1", 5004, 5004), 422, "relay.upstream.audio_port", "one port for both");
  json composite = relay_field("127.0.0.1", 5004, 5006);
  composite["send_up"] = "composite";
  expect_refused(composite, 422, "relay.send_up", "composite is not supported yet");
  // And a change of a booked meeting to an outside upstream is refused the same way.
  const auto booked = call("POST", "/v1/meetings", kAdmin, relayed_body(relay_field("127.0.0.1", 5004, 5006)).dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  EXPECT_EQ(booked.body.at("relay").at("upstream").at("address"), "127.0.0.1");
  EXPECT_EQ(booked.body.at("relay").at("send_up"), "host");
  EXPECT_EQ(booked.body.at("relay").at("halls"), "small");
  const std::string url = "/v1/meetings/" + booked.body.at("id").dump();
  const auto patched = call("PATCH", url, kAdmin, json{{"relay", relay_field("203.0.113.9", 5004, 5006)}}.dump(),
                            "If-Match: " + booked.raw.header("etag"));
  EXPECT_EQ(patched.status, 422) << patched.text;
  EXPECT_EQ(call("GET", url, kAdmin).body.at("relay").at("upstream").at("address"), "127.0.0.1");
  EXPECT_EQ(call("GET", url, kAdmin).body.at("version"), booked.body.at("version"));
}

TEST_F(E2E, AMalformedRelayFieldIs400AndNothingStored) {
  expect_refused("yes", 400, "", "not an object");
  expect_refused(json::object(), 400, "", "no upstream");
  expect_refused({{"upstream", {{"address", "127.0.0.1"}, {"video_port", 5004}}}}, 400, "", "no audio port");
  expect_refused(relay_field("127.0.0.1", 70000, 5006), 400, "", "port out of range");
  expect_refused(relay_field("127.0.0.1", 0, 5006), 400, "", "port zero");
  json odd = relay_field("127.0.0.1", 5004, 5006);
  odd["send_up"] = "everyone";
  expect_refused(odd, 400, "", "unknown send_up");
  odd = relay_field("127.0.0.1", 5004, 5006);
  odd["halls"] = "large";
  expect_refused(odd, 400, "", "unknown halls");
  odd = relay_field("127.0.0.1", 5004, 5006);
  odd["upstream"]["srtp"] = true;
  expect_refused(odd, 400, "", "unknown field");
  odd = relay_field("127.0.0.1", 5004, 5006);
  odd["upstream"]["address"] = 2130706433;
  expect_refused(odd, 400, "", "address not a string");
}

Answer on(int port, const std::string& method, const std::string& path, const std::string& body = "") {
  return call_at(port, method, path, kAdmin, body.empty() ? std::nullopt : std::optional<std::string>(body));
}

long long first_id(int port, const std::string& path) {
  return on(port, "GET", path).body.at("items").at(0).at("id").get<long long>();
}

std::optional<json> upstream_leg(int port, const std::string& meeting_url) {
  const auto h = on(port, "GET", meeting_url + "/health");
  if (h.status != 200) return std::nullopt;
  for (const auto& l : h.body.at("legs"))
    if (l.at("role") == "upstream") return l;
  return std::nullopt;
}

TEST_F(E2E, ARelayedMeetingSendsTheHostHallUpAndOnlyTheHostHall) {
  testing_support::TestDatabase db{"relay"};
  ASSERT_TRUE(db.available());
  testing_support::ServerProcess server(db.url(), kAdmin, {{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}});
  const int port = server.port();
  const long long province = first_id(port, "/v1/orgs?level=province&as_of=2026-12-01");
  std::vector<long long> rooms;
  const auto orgs = on(port, "GET", "/v1/orgs?as_of=2026-12-01&limit=500");
  for (const char* code : {"51", "SYT"})
    for (const auto& o : orgs.body.at("items"))
      if (o.at("code") == code) rooms.push_back(first_id(port, "/v1/rooms?org=" + o.at("id").dump()));
  ASSERT_EQ(rooms.size(), 2u);
  const int bridge_video = free_udp_port(), bridge_audio = free_udp_port();
  json body = {{"title", "Hội nghị trực tuyến của Chính phủ với các địa phương"}, {"type", "other"},
               {"organiser_org_id", province}, {"chair", {{"name", "Chủ tịch"}, {"position", "Chủ tịch UBND tỉnh"}}},
               {"host_room_id", rooms[0]}, {"room_ids", {rooms[1]}}, {"start", "2026-12-01T09:00:00+07:00"},
               {"end", "2026-12-01T11:00:00+07:00"}, {"relay", relay_field("127.0.0.1", bridge_video, bridge_audio)}};
  const auto booked = on(port, "POST", "/v1/meetings", body.dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const std::string murl = "/v1/meetings/" + booked.body.at("id").dump();

  // In the rehearsal window the conductor opens the session with the upstream leg.
  std::optional<json> up;
  ASSERT_TRUE(eventually([&] { return (up = upstream_leg(port, murl)).has_value(); }, 60s))
      << on(port, "GET", murl + "/health").text.substr(0, 2000);
  EXPECT_TRUE(up->at("room_id").is_null());
  EXPECT_EQ(on(port, "GET", murl + "/health").body.at("layout"), "relay");

  std::vector<std::unique_ptr<Process>> halls;
  const std::uint32_t colours[] = {0xFF0000, 0x00FF00};
  const int tones[] = {kHostHz, kOtherHz};
  for (std::size_t i = 0; i < rooms.size(); ++i) {
    const auto token = on(port, "POST", "/v1/tokens", json{{"role", "hall"}, {"room_id", rooms[i]}}.dump());
    Answer j;
    ASSERT_TRUE(eventually([&] {
      j = call_at(port, "GET", "/v1/rooms/" + std::to_string(rooms[i]) + "/join", token.body.at("token").get<std::string>());
      return j.status == 200;
    })) << j.text;
    const auto& m = j.body.at("media");
    halls.push_back(hall_codec(colours[i], tones[i], m.at("video").at("port").get<int>(), m.at("audio").at("port").get<int>()));
  }
  OutsideBridge bridge(kUpstreamRgb, kUpstreamHz, up->at("video_ports").at("rtp").get<int>(), up->at("audio_ports").at("rtp").get<int>(),
                       bridge_video, bridge_audio);

  // The upstream leg's health is watched like a hall's.
  ASSERT_TRUE(eventually([&] {
    up = upstream_leg(port, murl);
    return up && up->at("state") == "ok";
  }, 90s)) << on(port, "GET", murl + "/health").text.substr(0, 3000);

  // What comes back to the bridge: the host's red picture and the host's tone alone.
  EXPECT_TRUE(eventually([&] {
    const auto px = bridge.centre();
    return px && near_colour(*px, colours[0]);
  }, 60s)) << "the bridge never saw the host's picture";
  ASSERT_TRUE(eventually([&] { return bridge.samples() > 48000; }, 30s));
  std::this_thread::sleep_for(1s);
  const std::size_t from = bridge.samples();
  std::this_thread::sleep_for(3s);
  const auto heard = bridge.samples_since(from);
  ASSERT_GT(heard.size(), 96000u);
  const double host = tone_power(heard, kHostHz);
  EXPECT_GT(host, 100 * tone_power(heard, kOtherHz)) << "the other hall's tone went up";
  EXPECT_GT(host, 100 * tone_power(heard, kUpstreamHz)) << "the upstream heard itself";

  halls.clear();
}

}  // namespace
}  // namespace e2e
