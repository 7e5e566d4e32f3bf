// One UDP datagram as a hall (or anyone who found the port) sends it, through what the
// node does with it: RFC 5761 demultiplexing, the RTP header, the H.264 keyframe check on
// the payload, and the compound RTCP parser. Properties: the payload lies inside the
// datagram; parsed report blocks survive being written again by our own RR/SR writers;
// an RTT is never negative.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz_check.hpp"
#include "media/rtp.hpp"

namespace {

bool same_block(const media::ReportBlock& a, const media::ReportBlock& b) {
  return a.ssrc == b.ssrc && a.fraction_lost == b.fraction_lost && a.cumulative_lost == b.cumulative_lost &&
         a.extended_highest_sequence == b.extended_highest_sequence && a.jitter == b.jitter &&
         a.last_sr == b.last_sr && a.delay_since_last_sr == b.delay_since_last_sr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> packet(data, size);
  (void)media::looks_like_rtcp(packet);

  if (const auto header = media::parse_rtp(packet)) {
    FUZZ_CHECK(header->payload_offset >= 12);
    FUZZ_CHECK(header->payload_offset + header->payload_size <= size);
    (void)media::h264_starts_keyframe(packet.subspan(header->payload_offset, header->payload_size));
  }

  if (const auto rtcp = media::parse_rtcp(packet)) {
    std::vector<media::ReportBlock> first(rtcp->reports.begin(),
                                          rtcp->reports.begin() + std::min<std::size_t>(31, rtcp->reports.size()));
    std::vector<std::uint8_t> again;
    if (rtcp->sender) media::append_sender_report(again, *rtcp->sender, first);
    else media::append_receiver_report(again, 0x1234, first);
    const auto reread = media::parse_rtcp(again);
    FUZZ_CHECK(reread && reread->reports.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) FUZZ_CHECK(same_block(reread->reports[i], first[i]));
    if (rtcp->sender) {
      FUZZ_CHECK(reread->sender && reread->sender->ntp == rtcp->sender->ntp &&
                 reread->sender->rtp_timestamp == rtcp->sender->rtp_timestamp);
    }
    for (const auto& block : rtcp->reports) {
      const auto arrival = block.last_sr + block.delay_since_last_sr + (size > 0 ? data[0] : 0u);
      if (const auto rtt = media::rtt_ms(arrival, block)) FUZZ_CHECK(*rtt >= 0.0 && *rtt <= 60000.0);
    }
  }
  return 0;
}
