#include "opus_codec.hpp"

#include <algorithm>

#include "media/node.hpp"

namespace media::gst {

OpusDecoderHandle::OpusDecoderHandle() {
  int error = OPUS_OK;
  decoder_.reset(opus_decoder_create(kAudioRate, 1, &error));
  if (error != OPUS_OK || !decoder_) throw Unavailable("opus decoder");
}

bool OpusDecoderHandle::decode(std::span<const std::uint8_t> packet, std::vector<std::int16_t>& out) {
  constexpr int kMaxSamples = 5760;  // 120 ms at 48 kHz
  const std::size_t start = out.size();
  out.resize(start + kMaxSamples);
  const int n = opus_decode(decoder_.get(), packet.data(), static_cast<opus_int32>(packet.size()),
                            out.data() + start, kMaxSamples, 0);
  out.resize(start + static_cast<std::size_t>(std::max(n, 0)));
  return n > 0;
}

void OpusDecoderHandle::recover(std::span<const std::uint8_t> next, std::uint32_t lost, std::vector<std::int16_t>& out) {
  const int frame = opus_packet_get_nb_samples(next.data(), static_cast<opus_int32>(next.size()), kAudioRate);
  if (frame <= 0 || frame > 2880 || lost == 0) return;
  const std::uint32_t concealed = std::min<std::uint32_t>(lost, 5);
  for (std::uint32_t i = 0; i < concealed; ++i) {
    const bool last = i + 1 == concealed;
    const std::size_t start = out.size();
    out.resize(start + static_cast<std::size_t>(frame));
    const int n = last ? opus_decode(decoder_.get(), next.data(), static_cast<opus_int32>(next.size()),
                                     out.data() + start, frame, 1)
                       : opus_decode(decoder_.get(), nullptr, 0, out.data() + start, frame, 0);
    out.resize(start + static_cast<std::size_t>(std::max(n, 0)));
  }
}

OpusEncoderHandle::OpusEncoderHandle(int bitrate) {
  int error = OPUS_OK;
  encoder_.reset(opus_encoder_create(kAudioRate, 1, OPUS_APPLICATION_AUDIO, &error));
  if (error != OPUS_OK || !encoder_) throw Unavailable("opus encoder");
  opus_encoder_ctl(encoder_.get(), OPUS_SET_BITRATE(bitrate));
  opus_encoder_ctl(encoder_.get(), OPUS_SET_COMPLEXITY(5));
  // In-band FEC (RFC 7587): each packet carries a coarse copy of the one before, so a
  // receiver that lost one packet decodes it from the next (a hall's decoder with FEC on).
  opus_encoder_ctl(encoder_.get(), OPUS_SET_INBAND_FEC(1));
  opus_encoder_ctl(encoder_.get(), OPUS_SET_PACKET_LOSS_PERC(kExpectedLossPercent));
}

std::vector<std::uint8_t> OpusEncoderHandle::encode(std::span<const std::int16_t> frame) {
  std::vector<std::uint8_t> packet(1500);
  const int n = opus_encode(encoder_.get(), frame.data(), static_cast<int>(frame.size()), packet.data(),
                            static_cast<opus_int32>(packet.size()));
  packet.resize(static_cast<std::size_t>(std::max(n, 0)));
  return packet;
}

void AudioInbox::push(std::span<const std::int16_t> samples) {
  pcm_.insert(pcm_.end(), samples.begin(), samples.end());
  if (pcm_.size() > kMaxBuffered) pcm_.erase(pcm_.begin(), pcm_.begin() + static_cast<long>(pcm_.size() - kMaxBuffered / 2));
}

bool AudioInbox::take_frame(std::span<std::int16_t> frame) {
  if (!playing_ && pcm_.size() >= kPrebuffer) playing_ = true;
  if (!playing_ || pcm_.size() < frame.size()) {
    playing_ = false;
    std::fill(frame.begin(), frame.end(), 0);
    return false;
  }
  std::copy_n(pcm_.begin(), frame.size(), frame.begin());
  pcm_.erase(pcm_.begin(), pcm_.begin() + static_cast<long>(frame.size()));
  return true;
}

void AudioInbox::clear() {
  pcm_.clear();
  playing_ = false;
}

}  // namespace media::gst
