// The control API's routes and errors, called in-process (media-node serves the same over HTTP).
#include "media/control_api.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace media {
namespace {
using nlohmann::json;

class Control : public ::testing::Test {
 protected:
  Node node_{NodeOptions{"127.0.0.1", 0, 0}};
  ControlApi api_{node_};
  json call(const std::string& method, const std::string& path, const std::string& body, int expect) {
    const auto r = api_.handle(method, path, body);
    EXPECT_EQ(r.status, expect) << method << " " << path << " -> " << r.body;
    return r.body.empty() ? json() : json::parse(r.body);
  }
  std::string new_session() {
    return call("POST", "/sessions", R"({"layout":"speaker","max_visible":4,"loudest_k":2})", 201).at("id");
  }
};

TEST_F(Control, SessionAndLegLifecycleOverTheRoutes) {
  const std::string s = new_session();
  const json leg = call("POST", "/sessions/" + s + "/legs",
                        R"({"hall_id":"so-ytes","display_name":"Sở Y tế","output":"sd",
                            "video":{"rtcp_mux":false,"payload_type":100},"audio":{"remote_rtp":{"address":"127.0.0.1","port":5004}}})",
                        201);
  const std::string id = leg.at("leg_id");
  EXPECT_NE(leg.at("video").at("rtp"), leg.at("video").at("rtcp"));  // not muxed: two ports
  EXPECT_EQ(leg.at("audio").at("rtp"), leg.at("audio").at("rtcp"));
  call("PUT", "/sessions/" + s + "/legs/" + id + "/audio", R"({"muted":true})", 204);
  call("PUT", "/sessions/" + s + "/legs/" + id + "/video", R"({"hidden":true})", 204);
  call("PUT", "/sessions/" + s + "/layout", R"({"layout":"grid"})", 204);
  call("PUT", "/sessions/" + s + "/floor", R"({"leg_id":")" + id + R"("})", 204);
  const json stats = call("GET", "/sessions/" + s, "", 200);
  EXPECT_EQ(stats.at("layout"), "grid");
  EXPECT_EQ(stats.at("floor_holder"), id);
  ASSERT_EQ(stats.at("legs").size(), 1u);
  EXPECT_EQ(stats.at("legs")[0].at("display_name"), "Sở Y tế");
  EXPECT_EQ(stats.at("legs")[0].at("audio_muted"), true);
  EXPECT_EQ(stats.at("legs")[0].at("visible"), false);
  EXPECT_EQ(stats.at("legs")[0].at("state"), "connecting");
  call("PUT", "/sessions/" + s + "/floor", R"({"leg_id":null})", 204);
  call("DELETE", "/sessions/" + s + "/legs/" + id, "", 204);
  call("DELETE", "/sessions/" + s, "", 204);
  EXPECT_EQ(call("GET", "/health", "", 200).at("sessions"), 0);
}

TEST_F(Control, MalformedOrWrongInputIsAProblemNotACrash) {
  const std::string s = new_session();
  const json p = call("POST", "/sessions/" + s + "/legs", R"({"hall_id":)", 400);
  EXPECT_EQ(p.at("title"), "Invalid input");
  call("POST", "/sessions/" + s + "/legs", R"({"hall_id":42})", 400);
  call("POST", "/sessions/" + s + "/legs", R"({"hall_id":"a","colour":"red"})", 400);
  call("POST", "/sessions/" + s + "/legs", R"([1,2,3])", 400);
  call("POST", "/sessions/" + s + "/legs", R"({"hall_id":"a","video":{"remote_rtp":{"address":"::1","port":70000}}})", 400);
  call("POST", "/sessions/" + s + "/legs", R"({"hall_id":"a","audio":{"srtp":{"send_key":"k","receive_key":"k"}}})", 400);
  call("PUT", "/sessions/" + s + "/layout", R"({"layout":"mosaic"})", 400);
  call("PUT", "/sessions/" + s + "/legs/leg-9/audio", R"({"muted":"yes"})", 400);
  call("PUT", "/sessions/" + s + "/legs/leg-9/audio", R"({"muted":true})", 404);
  call("POST", "/sessions", R"({"framerate":1000})", 400);
  call("POST", "/sessions", R"({"outputs":[{"name":"odd","width":641,"height":360}]})", 400);
  call("GET", "/sessions/s999", "", 404);
  call("GET", "/nowhere", "", 404);
  call("POST", "/sessions/" + s + "/webrtc", R"({"hall_id":"a","sdp":"v=0"})", 404);  // no WebRTC edge here
  call("PATCH", "/sessions/" + s, "{}", 405);
  call("DELETE", "/sessions/" + s + "/recording", "", 404);
  call("POST", "/sessions/" + s + "/recording", R"({"path":"/tmp/x.avi"})", 400);
}

}  // namespace
}  // namespace media

#include "media/control_codec.hpp"

namespace media {
namespace {

TEST(ControlCodec, WhatTheClientWritesTheServerReadsBackWhole) {
  SessionOptions s;
  s.layout = LayoutKind::host;
  s.framerate = 25;
  s.outputs = {{"main", 960, 540, 900}};
  s.loudest_k = 3;
  s.max_visible = 9;
  s.video = false;
  const auto back = control::session_options_from_json(control::to_json(s));
  EXPECT_EQ(back.layout, s.layout);
  EXPECT_EQ(back.framerate, 25);
  ASSERT_EQ(back.outputs.size(), 1u);
  EXPECT_EQ(back.outputs[0].name, "main");
  EXPECT_EQ(back.outputs[0].width, 960);
  EXPECT_EQ(back.outputs[0].bitrate_kbps, 900);
  EXPECT_EQ(back.loudest_k, 3u);
  EXPECT_EQ(back.max_visible, 9u);
  EXPECT_FALSE(back.video);

  LegOptions l;
  l.hall_id = "42";
  l.display_name = "UBND xã";
  l.output = "sd";
  l.is_host = true;
  l.video.payload_type = 100;
  l.video.rtcp_mux = false;
  l.video.remote_rtp = Endpoint{"127.0.0.1", 5004};
  l.video.remote_rtcp = Endpoint{"127.0.0.1", 5009};
  l.audio.srtp = SrtpKeys{"a", "b"};
  const auto leg = control::leg_options_from_json(control::to_json(l));
  EXPECT_EQ(leg.hall_id, "42");
  EXPECT_EQ(leg.display_name, "UBND xã");
  EXPECT_EQ(leg.output, "sd");
  EXPECT_TRUE(leg.is_host);
  EXPECT_EQ(leg.video.payload_type, 100);
  EXPECT_FALSE(leg.video.rtcp_mux);
  ASSERT_TRUE(leg.video.remote_rtp && leg.video.remote_rtcp);
  EXPECT_EQ(leg.video.remote_rtp->port, 5004);
  EXPECT_EQ(leg.video.remote_rtcp->port, 5009);
  ASSERT_TRUE(leg.audio.srtp);
  EXPECT_EQ(leg.audio.srtp->receive_key, "b");
  EXPECT_EQ(leg.audio.payload_type, kAudioCodec.payload_type);

  SessionStats st;
  st.session_id = "s1";
  st.layout = LayoutKind::speaker;
  st.output_fps = 29.5;
  st.floor_holder = "leg-2";
  LegStatus ls;
  ls.leg_id = "leg-2";
  ls.hall_id = "7";
  ls.output = "hd";
  ls.visible = true;
  ls.health.state = LegState::degraded;
  ls.health.video.loss_percent = 4.5;
  ls.health.audio.rtt_ms = 12.0;
  ls.health.video.peer_jitter_ms = 7.5;
  ls.counters.video.packets_in = 1234567890123ULL;
  st.legs.push_back(ls);
  const auto stats = control::session_stats_from_json(control::to_json(st));
  EXPECT_EQ(stats.layout, LayoutKind::speaker);
  EXPECT_EQ(stats.floor_holder, std::optional<std::string>("leg-2"));
  ASSERT_EQ(stats.legs.size(), 1u);
  EXPECT_EQ(stats.legs[0].health.state, LegState::degraded);
  EXPECT_EQ(stats.legs[0].health.video.loss_grade, grade_loss(4.5));
  EXPECT_EQ(stats.legs[0].health.audio.rtt_ms, std::optional<double>(12.0));
  EXPECT_EQ(stats.legs[0].health.video.peer_jitter_ms, std::optional<double>(7.5));
  EXPECT_FALSE(stats.legs[0].health.audio.peer_jitter_ms);
  EXPECT_EQ(stats.legs[0].counters.video.packets_in, 1234567890123ULL);
  EXPECT_TRUE(stats.legs[0].visible);
}

TEST(ControlCodec, ABrowserOfferAndItsAnswerTravelWhole) {
  WebrtcOffer o;
  o.session_id = "s3";
  o.leg.hall_id = "12";
  o.leg.display_name = "Sở Tư pháp";
  o.leg.output = "sd";
  o.leg.is_host = true;
  o.sdp = "v=0\r\n";
  const json wire = control::to_json(o);
  EXPECT_FALSE(wire.contains("video")) << "the edge sets a browser leg's transports";
  const auto back = control::webrtc_offer_from_json("s3", wire);
  EXPECT_EQ(back.session_id, "s3");
  EXPECT_EQ(back.leg.hall_id, "12");
  EXPECT_EQ(back.leg.display_name, "Sở Tư pháp");
  EXPECT_EQ(back.leg.output, "sd");
  EXPECT_TRUE(back.leg.is_host);
  EXPECT_EQ(back.sdp, "v=0\r\n");

  EXPECT_THROW(control::webrtc_offer_from_json("s3", json{{"hall_id", "12"}}), InvalidInput);
  EXPECT_THROW(control::webrtc_offer_from_json("s3", json{{"hall_id", "12"}, {"sdp", 5}}), InvalidInput);
  EXPECT_THROW(control::webrtc_offer_from_json("s3", json{{"sdp", "v=0"}, {"colour", "red"}}), InvalidInput);

  const WebrtcAnswer a{"peer-1", "leg-4", "v=0 answer", "H264"};
  const auto answer = control::webrtc_answer_from_json(control::to_json(a));
  EXPECT_EQ(answer.peer_id, "peer-1");
  EXPECT_EQ(answer.leg_id, "leg-4");
  EXPECT_EQ(answer.sdp, "v=0 answer");
  EXPECT_EQ(answer.video_codec, "H264");
}

}  // namespace
}  // namespace media
