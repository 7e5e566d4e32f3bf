#pragma once
// Which RTX packets (RFC 4588, SSRC-multiplexed on a leg's video port) a leg takes as
// repairs of its video. An RTX packet is unwrapped into the picture, so a stranger able to
// send one could paint into a hall's tile: it is taken only where RTX was negotiated, only
// once the leg's own video stream is known, and then only from that stream's source address
// until the first one is taken; from then on only that RTX SSRC is. Everything else is
// dropped (and counted by the caller). A new main stream (a codec that restarted) forgets
// the RTX SSRC. Standard library only.
#include <cstdint>
#include <optional>

namespace media {

enum class RtxVerdict {
  accept,  // unwrap it: it repairs the leg's video
  drop,    // not the leg's RTX: neither unwrapped nor taken as its stream
};

struct RtxPacket {
  std::uint32_t ssrc = 0;
  bool from_video_source = false;  // from the address the leg's video stream comes from
};

class RtxAdmission {
 public:
  // main_ssrc: the leg's video SSRC, if one is known yet.
  RtxVerdict judge(const RtxPacket& packet, std::optional<std::uint32_t> main_ssrc);
  // The leg's video stream changed sender: its RTX is to be learnt again.
  void forget() { rtx_ssrc_.reset(); }
  std::optional<std::uint32_t> rtx_ssrc() const { return rtx_ssrc_; }

 private:
  std::optional<std::uint32_t> rtx_ssrc_;
};

}  // namespace media
