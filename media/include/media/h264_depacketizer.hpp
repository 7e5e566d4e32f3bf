#pragma once
// H.264 over RTP (RFC 6184, packetization-mode 1) back into access units for a
// decoder: one frame's NAL units in Annex B form (start code, NAL unit, ...).
//
// Single NAL unit packets, STAP-A and FU-A are understood; the interleaved-mode
// types (STAP-B, MTAP, FU-B) and reserved types are ignored. A fragmented NAL
// unit that misses a piece (a sequence gap inside it) is dropped whole and the
// rest of the frame is kept: the decoder conceals what is missing, as it would
// for any lost slice. An access unit ends at the marker bit, or when a packet
// with a new timestamp shows that the marker packet was lost.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/rtp.hpp"

namespace media {

struct AccessUnit {
  std::vector<std::uint8_t> bytes;  // Annex B
  std::uint32_t timestamp = 0;
  bool keyframe = false;  // holds an IDR slice
};

class H264Depacketizer {
 public:
  // A frame larger than this (a hostile or broken sender) is dropped.
  static constexpr std::size_t kMaxAccessUnit = 4u << 20;

  // Adds one packet; the access units it completes (none, the previous one, this
  // one, or both) are appended to `done`.
  void push(const RtpHeader& header, std::span<const std::uint8_t> payload, std::vector<AccessUnit>& done);
  // Forgets the frame in progress (a new sender takes over).
  void reset();

 private:
  void finish(std::vector<AccessUnit>& done);
  // `whole` is false for the header of an FU-A NAL unit whose pieces are still to come.
  void append_nal(std::span<const std::uint8_t> nal, bool whole = true);
  void add_fragment(std::span<const std::uint8_t> payload);
  void drop_fragment();  // the FU-A NAL unit being joined is incomplete: forget it

  AccessUnit current_;
  bool started_ = false;      // current_ has a timestamp
  bool too_large_ = false;    // current_ went over kMaxAccessUnit
  bool in_fragment_ = false;  // an FU-A NAL unit is being joined
  std::size_t fragment_start_ = 0;
  std::uint8_t fragment_type_ = 0;  // NAL unit type of the FU-A being joined
  std::uint16_t last_sequence_ = 0;
};

}  // namespace media
