#include "media/h264_depacketizer.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace media {
namespace {

using Bytes = std::vector<std::uint8_t>;

RtpHeader header(std::uint16_t sequence, std::uint32_t timestamp, bool marker) {
  RtpHeader h;
  h.payload_type = 96;
  h.sequence = sequence;
  h.timestamp = timestamp;
  h.marker = marker;
  return h;
}

Bytes annex_b(std::initializer_list<Bytes> nals) {
  Bytes out;
  for (const Bytes& nal : nals) {
    out.insert(out.end(), {0, 0, 0, 1});
    out.insert(out.end(), nal.begin(), nal.end());
  }
  return out;
}

// FU-A pieces of `nal` (its header byte first), `size` bytes of NAL payload each.
std::vector<Bytes> fragments(const Bytes& nal, std::size_t size) {
  std::vector<Bytes> out;
  const std::uint8_t indicator = static_cast<std::uint8_t>((nal[0] & 0xE0) | 28);
  for (std::size_t at = 1; at < nal.size(); at += size) {
    const std::size_t end = std::min(nal.size(), at + size);
    std::uint8_t fu = nal[0] & 0x1F;
    if (at == 1) fu |= 0x80;
    if (end == nal.size()) fu |= 0x40;
    Bytes piece{indicator, fu};
    piece.insert(piece.end(), nal.begin() + static_cast<std::ptrdiff_t>(at), nal.begin() + static_cast<std::ptrdiff_t>(end));
    out.push_back(piece);
  }
  return out;
}

const Bytes kSps{0x67, 0x42, 0xC0, 0x1E};
const Bytes kPps{0x68, 0xCE, 0x3C, 0x80};
const Bytes kIdr{0x65, 0x88, 0x84, 0x00, 0x10, 0x20, 0x30, 0x40, 0x50};
const Bytes kSlice{0x41, 0x9A, 0x01, 0x02, 0x03};

TEST(H264Depacketizer, SingleNalUnitsOfOneFrameBecomeOneAccessUnitAtTheMarker) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  d.push(header(1, 3000, false), kSps, done);
  d.push(header(2, 3000, false), kPps, done);
  EXPECT_TRUE(done.empty());
  d.push(header(3, 3000, true), kIdr, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSps, kPps, kIdr}));
  EXPECT_EQ(done[0].timestamp, 3000u);
  EXPECT_TRUE(done[0].keyframe);
}

TEST(H264Depacketizer, StapAIsSplitIntoItsNalUnits) {
  Bytes stap{0x78};
  for (const Bytes& nal : {kSps, kPps}) {
    stap.push_back(0);
    stap.push_back(static_cast<std::uint8_t>(nal.size()));
    stap.insert(stap.end(), nal.begin(), nal.end());
  }
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  d.push(header(7, 90, false), stap, done);
  d.push(header(8, 90, true), kSlice, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSps, kPps, kSlice}));
  EXPECT_FALSE(done[0].keyframe);
}

TEST(H264Depacketizer, FuAFragmentsAreJoinedBackIntoTheNalUnit) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  const auto pieces = fragments(kIdr, 3);
  ASSERT_EQ(pieces.size(), 3u);
  std::uint16_t seq = 65534;  // across the sequence number wrap
  for (std::size_t i = 0; i < pieces.size(); ++i) d.push(header(seq++, 5, i + 1 == pieces.size()), pieces[i], done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kIdr}));
  EXPECT_TRUE(done[0].keyframe);
}

TEST(H264Depacketizer, AFragmentedNalUnitMissingAPieceIsDroppedAndTheRestKept) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  const auto pieces = fragments(kIdr, 3);
  d.push(header(10, 5, false), kSps, done);
  d.push(header(11, 5, false), pieces[0], done);
  // piece 1 (sequence 12) lost
  d.push(header(13, 5, false), pieces[2], done);
  d.push(header(14, 5, true), kSlice, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSps, kSlice}));
}

// Found by the fuzzer (tests/fuzz/corpus/h264_depacketizer_fuzz/regression-nal-after-unfinished-fragment):
// NAL units that followed a fragment whose end was lost were cut away with it.
TEST(H264Depacketizer, NalUnitsAfterAFragmentWhoseEndWasLostAreKept) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  const auto pieces = fragments(kSlice, 2);
  d.push(header(1, 7, false), kSps, done);
  d.push(header(2, 7, false), pieces[0], done);
  // the fragment's other pieces lost without a sequence gap (a broken sender)
  d.push(header(3, 7, true), kIdr, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSps, kIdr}));
  EXPECT_TRUE(done[0].keyframe);
}

// The fuzzer's keyframe property (tests/fuzz/corpus/h264_depacketizer_fuzz/regression-keyframe-flag-after-dropped-idr):
// the dropped IDR fragment used to leave the frame marked as a keyframe.
TEST(H264Depacketizer, AFrameWhoseIdrSliceLostAPieceIsNoKeyframe) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  const auto pieces = fragments(kIdr, 3);
  d.push(header(11, 5, false), pieces[0], done);
  // piece 1 (sequence 12) lost
  d.push(header(13, 5, false), pieces[2], done);
  d.push(header(14, 5, true), kSlice, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSlice}));
  EXPECT_FALSE(done[0].keyframe);
}

TEST(H264Depacketizer, ALostMarkerEndsTheFrameWhenTheNextTimestampArrives) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  d.push(header(1, 100, false), kSlice, done);  // its marker packet was lost
  d.push(header(3, 200, true), kIdr, done);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].timestamp, 100u);
  EXPECT_EQ(done[0].bytes, annex_b({kSlice}));
  EXPECT_EQ(done[1].timestamp, 200u);
  EXPECT_EQ(done[1].bytes, annex_b({kIdr}));
}

TEST(H264Depacketizer, AFragmentWhoseEndNeverCameIsNotPassedOn) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  const auto pieces = fragments(kIdr, 3);
  d.push(header(1, 9, false), pieces[0], done);
  d.push(header(2, 9, true), pieces[1], done);  // marker, but the NAL unit is unfinished
  EXPECT_TRUE(done.empty());
}

TEST(H264Depacketizer, BrokenAndUnsupportedPayloadsAddNothing) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  d.push(header(1, 1, false), Bytes{}, done);
  d.push(header(2, 1, false), Bytes{0x78, 0x00, 0x40, 0x67}, done);  // STAP-A size runs past the end
  d.push(header(3, 1, false), Bytes{0x7C}, done);                    // FU-A without its header
  d.push(header(4, 1, false), Bytes{0x7C, 0x05}, done);              // FU-A middle piece, no start
  d.push(header(5, 1, false), Bytes{0x79, 1, 2, 3}, done);           // STAP-B (interleaved mode)
  d.push(header(6, 1, true), Bytes{0x00, 1, 2}, done);               // reserved type 0
  EXPECT_TRUE(done.empty());
  d.push(header(7, 2, true), kSlice, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSlice}));
}

TEST(H264Depacketizer, AnOversizedFrameIsDroppedAndTheNextOneComesThrough) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  Bytes big(60000, 0x11);
  big[0] = 0x41;
  std::uint16_t seq = 0;
  for (std::size_t sent = 0; sent <= H264Depacketizer::kMaxAccessUnit; sent += big.size()) {
    d.push(header(seq++, 1, false), big, done);
  }
  d.push(header(seq++, 1, true), kSlice, done);
  EXPECT_TRUE(done.empty());
  d.push(header(seq++, 2, true), kSlice, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kSlice}));
}

TEST(H264Depacketizer, ResetForgetsTheFrameInProgress) {
  H264Depacketizer d;
  std::vector<AccessUnit> done;
  d.push(header(1, 1, false), kSlice, done);
  d.reset();
  d.push(header(50, 1, true), kIdr, done);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes, annex_b({kIdr}));
}

}  // namespace
}  // namespace media
