#include "media/rtp.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {

TEST(Rtp, HeaderRoundTrips) {
  std::vector<std::uint8_t> p;
  write_rtp_header(p, 96, true, 65535, 123456, 0xCAFEBABE);
  p.insert(p.end(), {1, 2, 3});
  const auto h = parse_rtp(p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->payload_type, 96);
  EXPECT_TRUE(h->marker);
  EXPECT_EQ(h->sequence, 65535);
  EXPECT_EQ(h->timestamp, 123456u);
  EXPECT_EQ(h->ssrc, 0xCAFEBABEu);
  EXPECT_EQ(h->payload_offset, 12u);
  EXPECT_EQ(h->payload_size, 3u);
}

TEST(Rtp, BrokenPacketsAreRejectedNotRead) {
  EXPECT_FALSE(parse_rtp(std::vector<std::uint8_t>{0x80, 96, 0}));
  EXPECT_FALSE(parse_rtp(std::vector<std::uint8_t>(12, 0)));  // version 0
  std::vector<std::uint8_t> csrc_overflow{0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_FALSE(parse_rtp(csrc_overflow));
  std::vector<std::uint8_t> bad_padding{0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 200};
  EXPECT_FALSE(parse_rtp(bad_padding));
  std::vector<std::uint8_t> bad_extension{0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 9};
  EXPECT_FALSE(parse_rtp(bad_extension));
}

TEST(Rtcp, MuxedRtcpIsToldApartFromRtp) {
  std::vector<std::uint8_t> rr;
  append_receiver_report(rr, 1, {});
  EXPECT_TRUE(looks_like_rtcp(rr));
  std::vector<std::uint8_t> rtp;
  write_rtp_header(rtp, 96, true, 1, 1, 1);
  EXPECT_FALSE(looks_like_rtcp(rtp));
  write_rtp_header(rtp, 111, false, 1, 1, 1);
  EXPECT_FALSE(looks_like_rtcp(rtp));
}

TEST(Rtcp, SenderReportWithBlockRoundTrips) {
  ReportBlock block{0x11, 25, -3, 70000, 1234, 0x10002000, 0x8000};
  SenderInfo info{0x22, 0x0102030405060708ull, 90000, 10, 1000};
  std::vector<std::uint8_t> p;
  append_sender_report(p, info, {block});
  const auto s = parse_rtcp(p);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->sender);
  EXPECT_EQ(s->sender->ssrc, 0x22u);
  EXPECT_EQ(s->sender->ntp, 0x0102030405060708ull);
  ASSERT_EQ(s->reports.size(), 1u);
  EXPECT_EQ(s->reports[0].ssrc, 0x11u);
  EXPECT_EQ(s->reports[0].fraction_lost, 25);
  EXPECT_EQ(s->reports[0].cumulative_lost, -3);
  EXPECT_EQ(s->reports[0].extended_highest_sequence, 70000u);
  EXPECT_EQ(s->reports[0].jitter, 1234u);
  EXPECT_FALSE(s->picture_loss);
}

TEST(Rtcp, CompoundReceiverReportWithPliIsAKeyframeRequest) {
  std::vector<std::uint8_t> p;
  append_receiver_report(p, 1, {ReportBlock{2}});
  append_pli(p, 1, 2);
  auto s = parse_rtcp(p);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->picture_loss);
  EXPECT_FALSE(s->full_intra);
  std::vector<std::uint8_t> f;
  append_receiver_report(f, 1, {});
  append_fir(f, 1, 2, 7);
  s = parse_rtcp(f);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->full_intra);
}

TEST(Rtcp, TruncatedCompoundIsRejected) {
  std::vector<std::uint8_t> p;
  append_receiver_report(p, 1, {ReportBlock{2}});
  p.resize(p.size() - 4);
  EXPECT_FALSE(parse_rtcp(p));
  EXPECT_FALSE(parse_rtcp(std::vector<std::uint8_t>{0x80}));
}

TEST(Rtcp, RoundTripTimeFromLsrAndDlsr) {
  ReportBlock b;
  b.last_sr = 0x00010000;               // 1 s
  b.delay_since_last_sr = 0x00008000;   // 0.5 s
  const auto rtt = rtt_ms(0x00018CCD, b);  // arrival ~1.55 s
  ASSERT_TRUE(rtt);
  EXPECT_NEAR(*rtt, 50.0, 0.1);
  EXPECT_FALSE(rtt_ms(0x00018CCD, ReportBlock{}));
}

TEST(H264, KeyframeStartsAreRecognised) {
  EXPECT_TRUE(h264_starts_keyframe(std::vector<std::uint8_t>{0x67, 0x42}));   // SPS
  EXPECT_TRUE(h264_starts_keyframe(std::vector<std::uint8_t>{0x65, 0x88}));   // IDR slice
  EXPECT_FALSE(h264_starts_keyframe(std::vector<std::uint8_t>{0x41, 0x9a}));  // P slice
  EXPECT_TRUE(h264_starts_keyframe(std::vector<std::uint8_t>{0x7C, 0x85}));   // FU-A start, IDR
  EXPECT_FALSE(h264_starts_keyframe(std::vector<std::uint8_t>{0x7C, 0x05}));  // FU-A middle
  EXPECT_TRUE(h264_starts_keyframe(std::vector<std::uint8_t>{0x78, 0, 2, 0x67, 0x42, 0, 1, 0x68}));  // STAP-A
  EXPECT_FALSE(h264_starts_keyframe(std::vector<std::uint8_t>{0x78, 0, 9, 0x67}));  // broken STAP-A
  EXPECT_FALSE(h264_starts_keyframe(std::vector<std::uint8_t>{}));
}

}  // namespace
}  // namespace media
