#include "media/rtx_admission.hpp"

namespace media {

RtxVerdict RtxAdmission::judge(const RtxPacket& packet, std::optional<std::uint32_t> main_ssrc) {
  if (!main_ssrc || packet.ssrc == *main_ssrc) return RtxVerdict::drop;
  if (rtx_ssrc_) return packet.ssrc == *rtx_ssrc_ ? RtxVerdict::accept : RtxVerdict::drop;
  if (!packet.from_video_source) return RtxVerdict::drop;
  rtx_ssrc_ = packet.ssrc;
  return RtxVerdict::accept;
}

}  // namespace media
