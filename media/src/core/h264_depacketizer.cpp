#include "media/h264_depacketizer.hpp"

#include <utility>

namespace media {
namespace {

constexpr std::uint8_t kStartCode[] = {0, 0, 0, 1};
constexpr std::uint8_t kIdrSlice = 5;
constexpr std::uint8_t kStapA = 24;
constexpr std::uint8_t kFuA = 28;

std::uint8_t nal_type(std::uint8_t header) { return header & 0x1F; }

}  // namespace

void H264Depacketizer::reset() {
  current_ = AccessUnit{};
  started_ = false;
  too_large_ = false;
  in_fragment_ = false;
  fragment_start_ = 0;
}

void H264Depacketizer::push(const RtpHeader& header, std::span<const std::uint8_t> payload,
                            std::vector<AccessUnit>& done) {
  if (started_ && header.timestamp != current_.timestamp) finish(done);  // its marker was lost
  if (!started_) {
    started_ = true;
    current_.timestamp = header.timestamp;
  }
  const bool continues = static_cast<std::uint16_t>(last_sequence_ + 1) == header.sequence;
  last_sequence_ = header.sequence;
  if (in_fragment_ && !continues) drop_fragment();  // a piece of the fragmented NAL unit is missing

  if (!payload.empty()) {
    const std::uint8_t type = nal_type(payload[0]);
    // Anything but a further piece means the fragment's end was lost: drop it before
    // adding what came, or the drop at the frame's end would cut this away too.
    if (in_fragment_ && type != kFuA) drop_fragment();
    if (type >= 1 && type <= 23) {
      append_nal(payload);
    } else if (type == kStapA) {  // [16-bit size, NAL unit]...
      std::size_t at = 1;
      while (at + 2 <= payload.size()) {
        const std::size_t size = static_cast<std::size_t>(payload[at]) << 8 | payload[at + 1];
        at += 2;
        if (size == 0 || at + size > payload.size()) break;  // malformed: keep what came before
        append_nal(payload.subspan(at, size));
        at += size;
      }
    } else if (type == kFuA) {
      add_fragment(payload);
    }
  }
  if (header.marker) finish(done);
}

void H264Depacketizer::drop_fragment() {
  current_.bytes.resize(fragment_start_);
  in_fragment_ = false;
}

void H264Depacketizer::add_fragment(std::span<const std::uint8_t> payload) {
  if (payload.size() < 3) return;
  const bool start = (payload[1] & 0x80) != 0;
  const bool end = (payload[1] & 0x40) != 0;
  const auto data = payload.subspan(2);
  if (start) {
    if (in_fragment_) current_.bytes.resize(fragment_start_);  // the previous one never ended
    fragment_start_ = current_.bytes.size();
    in_fragment_ = true;
    // The NAL unit's own header: F and NRI from the indicator, the type from the FU header.
    fragment_type_ = nal_type(payload[1]);
    const std::uint8_t nal_header = static_cast<std::uint8_t>((payload[0] & 0xE0) | fragment_type_);
    append_nal(std::span<const std::uint8_t>(&nal_header, 1), false);
  } else if (!in_fragment_) {
    return;  // its start was lost
  }
  if (current_.bytes.size() + data.size() > kMaxAccessUnit) {
    too_large_ = true;
    return;
  }
  current_.bytes.insert(current_.bytes.end(), data.begin(), data.end());
  if (end) {
    in_fragment_ = false;
    // Only now is it an IDR slice in the frame: one that misses a piece is dropped.
    if (fragment_type_ == kIdrSlice) current_.keyframe = true;
  }
}

void H264Depacketizer::append_nal(std::span<const std::uint8_t> nal, bool whole) {
  if (nal.empty()) return;
  if (current_.bytes.size() + sizeof kStartCode + nal.size() > kMaxAccessUnit) {
    too_large_ = true;
    return;
  }
  if (whole && nal_type(nal[0]) == kIdrSlice) current_.keyframe = true;
  current_.bytes.insert(current_.bytes.end(), std::begin(kStartCode), std::end(kStartCode));
  current_.bytes.insert(current_.bytes.end(), nal.begin(), nal.end());
}

void H264Depacketizer::finish(std::vector<AccessUnit>& done) {
  if (in_fragment_) current_.bytes.resize(fragment_start_);  // never ended: incomplete
  if (!current_.bytes.empty() && !too_large_) done.push_back(std::move(current_));
  reset();
}

}  // namespace media
