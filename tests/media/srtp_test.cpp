// SRTP end to end against GStreamer's own srtpenc/srtpdec (an independent implementation).
#include <gtest/gtest.h>

#include <thread>

#include "media/node.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

// 30 bytes key||salt, as hex (for GStreamer) and base64 (for the control API).
const char* kToNodeHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d";
const char* kToNodeB64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
const char* kFromNodeHex = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d";
const char* kFromNodeB64 = "8PHy8/T19vf4+fr7/P3+/wABAgMEBQYHCAkKCwwN";

TEST(Srtp, HallWithSrtpHearsAndIsHeardByAPlainHall) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.video = false;
  auto session = node.create_session(options);

  const auto a_back = test::free_udp_port();
  test::Pipeline a_ear(
      "udpsrc port=" + std::to_string(a_back) +
      " caps=\"application/x-srtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111,"
      "srtp-key=(buffer)" + kFromNodeHex + ",srtp-cipher=(string)aes-128-icm,srtp-auth=(string)hmac-sha1-80,"
      "srtcp-cipher=(string)aes-128-icm,srtcp-auth=(string)hmac-sha1-80\""
      " ! srtpdec name=dec ! rtpopusdepay ! opusdec ! audioconvert ! audio/x-raw,format=S16LE,rate=48000,channels=1"
      " ! appsink name=sink sync=false");
  // srtpdec asks for the key of each new SSRC (the node's is random).
  g_signal_connect(a_ear.element("dec"), "request-key", G_CALLBACK(+[](GstElement*, guint, gpointer) -> GstCaps* {
                     return gst_caps_from_string(
                         (std::string("application/x-srtp,srtp-key=(buffer)") + kFromNodeHex +
                          ",srtp-cipher=(string)aes-128-icm,srtp-auth=(string)hmac-sha1-80,"
                          "srtcp-cipher=(string)aes-128-icm,srtcp-auth=(string)hmac-sha1-80")
                             .c_str());
                   }),
                   nullptr);
  a_ear.play();
  LegOptions a = test::test_leg("A", test::free_udp_port(), a_back);
  a.audio.srtp = SrtpKeys{kFromNodeB64, kToNodeB64};
  const auto a_leg = session->add_leg(a);
  test::Pipeline a_mouth("audiotestsrc is-live=true wave=sine volume=0.25 freq=500 ! audio/x-raw,rate=48000,channels=1"
                         " ! opusenc ! rtpopuspay pt=111 ! srtpenc key=" + std::string(kToNodeHex) +
                         " ! udpsink host=127.0.0.1 sync=false async=false port=" + std::to_string(a_leg.audio.rtp));
  a_mouth.play();

  const auto b_back = test::free_udp_port();
  test::AudioReceiver b_ear(b_back);
  const auto b_leg = session->add_leg(test::test_leg("B", test::free_udp_port(), b_back));
  test::HallSender b_mouth(b_leg, 0x00FF00, 800);
  b_mouth.start();

  // B hears A: the node decrypted A's SRTP.
  ASSERT_TRUE(test::eventually([&] { return !b_ear.collect(200ms).empty(); }, 10s));
  std::this_thread::sleep_for(500ms);
  const auto b_heard = b_ear.collect(2000ms);
  EXPECT_GT(test::tone_power(b_heard, 500), 100 * test::tone_power(b_heard, 800));

  // A hears B: what the node sent A decrypts with A's key.
  std::vector<std::int16_t> a_heard;
  auto* sink = a_ear.element("sink");
  const auto until = std::chrono::steady_clock::now() + 4s;
  while (std::chrono::steady_clock::now() < until) {
    GstSample* sample = nullptr;
    g_signal_emit_by_name(sink, "try-pull-sample", static_cast<GstClockTime>(100 * GST_MSECOND), &sample);
    if (!sample) continue;
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      const auto* s = reinterpret_cast<const std::int16_t*>(map.data);
      a_heard.insert(a_heard.end(), s, s + map.size / 2);
      gst_buffer_unmap(buffer, &map);
    }
    gst_sample_unref(sample);
  }
  ASSERT_GT(a_heard.size(), 48000u);
  EXPECT_GT(test::tone_power(a_heard, 800), 100 * test::tone_power(a_heard, 500));
  const auto stats = session->stats();
  EXPECT_GT(stats.legs.at(0).counters.audio.packets_in, 50u);
}

TEST(Srtp, KeysThatAreNotThirtyBase64BytesAreRefused) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.video = false;
  auto session = node.create_session(options);
  LegOptions leg;
  leg.hall_id = "x";
  leg.audio.srtp = SrtpKeys{"not base64!", kToNodeB64};
  EXPECT_THROW(session->add_leg(leg), InvalidInput);
  leg.audio.srtp = SrtpKeys{"Zm9vYmFy", kToNodeB64};  // 6 bytes
  EXPECT_THROW(session->add_leg(leg), InvalidInput);
}

}  // namespace
}  // namespace media
