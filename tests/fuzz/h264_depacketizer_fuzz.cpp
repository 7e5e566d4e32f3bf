// A stream of H.264 RTP packets (RFC 6184) as a broken or hostile codec sends them —
// reordered, lost, truncated STAP-A and FU-A, markers lost, timestamps jumping — through the
// depacketizer that feeds the tile decoders. Each record: a flags byte (bit 0 marker,
// bit 1 a new timestamp, bit 2 a sequence gap, bit 3 reset), a length byte, then that many
// payload bytes. Properties: every access unit is non-empty Annex B (starts with a start
// code), no larger than kMaxAccessUnit, and marked a keyframe only when it holds an IDR
// NAL unit.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "media/h264_depacketizer.hpp"

namespace {

bool holds_idr(const std::vector<std::uint8_t>& b) {
  for (std::size_t i = 0; i + 4 < b.size(); ++i)
    if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 1 && (b[i + 4] & 0x1F) == 5) return true;
  return false;
}

void check(const std::vector<media::AccessUnit>& done) {
  for (const auto& au : done) {
    FUZZ_CHECK(au.bytes.size() >= 5);
    FUZZ_CHECK(au.bytes.size() <= media::H264Depacketizer::kMaxAccessUnit);
    FUZZ_CHECK(au.bytes[0] == 0 && au.bytes[1] == 0 && au.bytes[2] == 0 && au.bytes[3] == 1);
    if (au.keyframe) FUZZ_CHECK(holds_idr(au.bytes));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  media::H264Depacketizer depacketizer;
  media::RtpHeader header;
  header.payload_type = 96;
  header.sequence = in.take<std::uint16_t>();
  header.timestamp = in.take<std::uint32_t>();
  std::vector<media::AccessUnit> done;
  while (!in.empty()) {
    const auto flags = in.take<std::uint8_t>();
    const auto length = in.take<std::uint8_t>();
    const auto payload = in.bytes(length);
    if (flags & 0x08) depacketizer.reset();
    header.marker = (flags & 0x01) != 0;
    if (flags & 0x02) header.timestamp += 3000;
    header.sequence = static_cast<std::uint16_t>(header.sequence + ((flags & 0x04) ? 2 + (flags >> 4) : 1));
    header.payload_size = payload.size();
    done.clear();
    depacketizer.push(header, payload, done);
    check(done);
  }
  return 0;
}
