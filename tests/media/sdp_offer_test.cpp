#include "media/sdp_offer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace media {
namespace {

// Shaped like Chromium 156's offer (audio first, BUNDLE, DTLS fingerprint), trimmed.
const std::string kOffer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Ab12\r\na=ice-pwd:pw\r\n"
    "a=fingerprint:sha-256 AA:BB\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106 107 112\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Ab12\r\n"
    "a=ice-pwd:pw\r\na=fingerprint:sha-256 AA:BB\r\na=mid:1\r\na=sendrecv\r\na=rtcp-mux\r\n"
    "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
    "a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n"
    "a=rtpmap:103 H264/90000\r\na=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n"
    "a=rtpmap:106 H264/90000\r\na=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=rtpmap:107 H264/90000\r\na=fmtp:107 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f\r\n"
    "a=rtpmap:112 H264/90000\r\na=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n";

std::string without(std::string sdp, const std::string& line) {
  for (auto at = sdp.find(line); at != std::string::npos; at = sdp.find(line)) sdp.erase(at, line.size());
  return sdp;
}

TEST(SdpOffer, ReadsMediaDirectionsCodecsAndBundleOfABrowserOffer) {
  const auto o = inspect_offer(kOffer);
  ASSERT_EQ(o.media.size(), 2u);
  EXPECT_EQ(o.media[0].kind, OfferedKind::audio);
  EXPECT_EQ(o.media[1].kind, OfferedKind::video);
  EXPECT_EQ(o.media[1].mid, "1");
  EXPECT_EQ(o.media[1].direction, OfferedDirection::sendrecv);
  EXPECT_EQ(o.ice_ufrag, "Ab12");
  EXPECT_EQ(o.bundle, (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(o.has_fingerprint);
}

TEST(SdpOffer, ConstrainedBaselineH264InPacketizationModeOneIsChosenNeverHigh) {
  const auto v = choose_video_codec(inspect_offer(kOffer).media[1]);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->name, "H264");
  EXPECT_EQ(v->payload_type, 106);
  EXPECT_EQ(v->profile_level_id, "42e01f");
}

TEST(SdpOffer, MainIsTakenWhenNoBaselineIsOfferedAndVp8WhenNoH264) {
  auto only_main = without(without(kOffer, "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"),
                           "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n");
  const auto main = choose_video_codec(inspect_offer(only_main).media[1]);
  ASSERT_TRUE(main);
  EXPECT_EQ(main->payload_type, 112);
  std::string vp8_only = kOffer;
  for (const char* pt : {"102", "103", "106", "107", "112"})
    vp8_only = without(vp8_only, std::string("a=rtpmap:") + pt + " H264/90000\r\n");
  const auto vp8 = choose_video_codec(inspect_offer(vp8_only).media[1]);
  ASSERT_TRUE(vp8);
  EXPECT_EQ(vp8->name, "VP8");
  EXPECT_EQ(vp8->payload_type, 96);
}

TEST(SdpOffer, OpusIsChosenForAudio) {
  const auto a = choose_audio_codec(inspect_offer(kOffer).media[0]);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->payload_type, 111);
}

// Shaped like GStreamer 1.22 webrtcbin's max-bundle offer (simple-whip-client): video first,
// the second m= section with port 0 and a=bundle-only, which is taken, not rejected.
TEST(SdpOffer, ABundleOnlySectionWithPortZeroIsTakenAndAPlainPortZeroIsRejected) {
  const std::string offer =
      "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0 audio1\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 106\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=ice-ufrag:Xy\r\n"
      "a=ice-pwd:pw\r\na=fingerprint:sha-256 AA:BB\r\na=sendonly\r\na=rtpmap:106 H264/90000\r\n"
      "a=fmtp:106 packetization-mode=1;profile-level-id=42c01e\r\na=mid:video0\r\n"
      "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=setup:actpass\r\na=ice-ufrag:Xy\r\n"
      "a=ice-pwd:pw\r\na=fingerprint:sha-256 AA:BB\r\na=bundle-only\r\na=sendonly\r\n"
      "a=rtpmap:111 OPUS/48000/2\r\na=fmtp:111 sprop-stereo=0;sprop-maxcapturerate=48000\r\na=mid:audio1\r\n";
  const auto o = inspect_offer(offer);
  ASSERT_EQ(o.media.size(), 2u);
  EXPECT_FALSE(o.media[1].rejected);
  EXPECT_EQ(o.media[1].direction, OfferedDirection::sendonly);
  ASSERT_TRUE(choose_audio_codec(o.media[1]));
  EXPECT_EQ(choose_audio_codec(o.media[1])->payload_type, 111);
  EXPECT_TRUE(inspect_offer(without(offer, "a=bundle-only\r\n")).media[1].rejected);
}

TEST(SdpOffer, RefusesWhatIsNotASecureBundledOffer) {
  EXPECT_THROW(inspect_offer("hello"), std::invalid_argument);
  EXPECT_THROW(inspect_offer("v=0\r\ns=-\r\n"), std::invalid_argument);  // no media
  EXPECT_THROW(inspect_offer(without(kOffer, "a=fingerprint:sha-256 AA:BB\r\n")), std::invalid_argument);
  EXPECT_THROW(inspect_offer(without(kOffer, "a=ice-ufrag:Ab12\r\n")), std::invalid_argument);
  EXPECT_THROW(inspect_offer(without(kOffer, "a=group:BUNDLE 0 1\r\n")), std::invalid_argument);
  EXPECT_THROW(inspect_offer(without(kOffer, "a=rtpmap:9 G722/8000\r\n") + "a=rtpmap:x\r\n"), std::invalid_argument);
}

TEST(TrickleFragment, ReadsCandidatesUfragAndEndOfCandidates) {
  const auto f = parse_trickle_fragment(
      "a=ice-ufrag:Ab12\r\na=ice-pwd:pw\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
      "a=candidate:1 1 udp 2122260223 10.1.1.2 50000 typ host\r\na=end-of-candidates\r\n");
  EXPECT_EQ(f.ice_ufrag, "Ab12");
  ASSERT_EQ(f.candidates.size(), 1u);
  EXPECT_EQ(f.candidates[0].mid, "0");
  EXPECT_EQ(f.candidates[0].candidate, "candidate:1 1 udp 2122260223 10.1.1.2 50000 typ host");
  EXPECT_TRUE(f.end_of_candidates);
}

TEST(TrickleFragment, RefusesAFullSdpOrACandidateOutsideAMediaSection) {
  EXPECT_THROW(parse_trickle_fragment(kOffer), std::invalid_argument);
  EXPECT_THROW(parse_trickle_fragment("a=candidate:1 1 udp 1 10.1.1.2 5 typ host\r\n"), std::invalid_argument);
}

TEST(WithCandidates, AddsThemToTheFirstMediaSectionOnlyWhenMissing) {
  const std::string answer = "v=0\r\ns=-\r\nm=audio 9 X 111\r\na=mid:0\r\nm=video 9 X 96\r\na=mid:1\r\n";
  const auto out = with_candidates(answer, {"candidate:1 1 UDP 1 10.0.0.1 5000 typ host"});
  EXPECT_EQ(out, "v=0\r\ns=-\r\nm=audio 9 X 111\r\na=mid:0\r\na=candidate:1 1 UDP 1 10.0.0.1 5000 typ host\r\n"
                 "a=end-of-candidates\r\nm=video 9 X 96\r\na=mid:1\r\n");
  EXPECT_EQ(with_candidates(out, {"candidate:2"}), out);
}

}  // namespace
}  // namespace media
