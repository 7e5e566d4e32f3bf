#include "media/rtx_admission.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {

constexpr std::uint32_t kMain = 0x1111, kRtx = 0x2222, kForged = 0xBAD0;

TEST(RtxAdmission, NothingIsTakenBeforeTheLegsVideoStreamIsKnown) {
  RtxAdmission admission;
  EXPECT_EQ(admission.judge({kRtx, true}, std::nullopt), RtxVerdict::drop);
  EXPECT_FALSE(admission.rtx_ssrc());
  EXPECT_EQ(admission.judge({kRtx, true}, kMain), RtxVerdict::accept);
}

TEST(RtxAdmission, TheFirstRtxMustComeFromTheVideoStreamsSourceAddress) {
  RtxAdmission admission;
  EXPECT_EQ(admission.judge({kForged, false}, kMain), RtxVerdict::drop);
  EXPECT_FALSE(admission.rtx_ssrc()) << "a stranger's SSRC must not be learnt";
  EXPECT_EQ(admission.judge({kRtx, true}, kMain), RtxVerdict::accept);
  EXPECT_EQ(admission.rtx_ssrc(), kRtx);
}

TEST(RtxAdmission, OnceLearntOnlyThatRtxSsrcIsTakenFromAnywhere) {
  RtxAdmission admission;
  ASSERT_EQ(admission.judge({kRtx, true}, kMain), RtxVerdict::accept);
  EXPECT_EQ(admission.judge({kForged, true}, kMain), RtxVerdict::drop) << "same address, another SSRC";
  EXPECT_EQ(admission.judge({kForged, false}, kMain), RtxVerdict::drop);
  EXPECT_EQ(admission.judge({kRtx, true}, kMain), RtxVerdict::accept);
  EXPECT_EQ(admission.judge({kRtx, false}, kMain), RtxVerdict::accept) << "the SSRC is what identifies it";
}

TEST(RtxAdmission, ThePacketOfTheMainStreamItselfIsNotARetransmissionStream) {
  RtxAdmission admission;
  EXPECT_EQ(admission.judge({kMain, true}, kMain), RtxVerdict::drop);
  EXPECT_FALSE(admission.rtx_ssrc());
}

TEST(RtxAdmission, ANewSenderForgetsTheRtxSsrcAndItIsLearntAgainFromItsAddress) {
  RtxAdmission admission;
  ASSERT_EQ(admission.judge({kRtx, true}, kMain), RtxVerdict::accept);
  admission.forget();
  EXPECT_EQ(admission.judge({kRtx, false}, 0x3333), RtxVerdict::drop);
  EXPECT_EQ(admission.judge({0x4444, true}, 0x3333), RtxVerdict::accept);
  EXPECT_EQ(admission.judge({kRtx, true}, 0x3333), RtxVerdict::drop);
}

}  // namespace
}  // namespace media
