#pragma once
// libopus wrappers (RAII) and a leg's audio inbox: decoded PCM waiting for the
// next 20 ms mixing tick, with a small playout buffer against jitter.
#include <opus/opus.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "media/audio_mix.hpp"

namespace media::gst {

class OpusDecoderHandle {
 public:
  OpusDecoderHandle();  // 48 kHz mono; stereo senders are downmixed by libopus
  // Decoded samples appended to out; false for a packet libopus rejects.
  bool decode(std::span<const std::uint8_t> packet, std::vector<std::int16_t>& out);
  // `lost` packets before `next` never came: the last is decoded from `next`'s in-band FEC
  // (RFC 7587; packet-loss concealment when it carries none), those before it concealed
  // (at most 100 ms: a longer gap is a silence). Samples appended to out.
  void recover(std::span<const std::uint8_t> next, std::uint32_t lost, std::vector<std::int16_t>& out);

 private:
  struct Free {
    void operator()(OpusDecoder* d) const { opus_decoder_destroy(d); }
  };
  std::unique_ptr<OpusDecoder, Free> decoder_;
};

class OpusEncoderHandle {
 public:
  // The loss the in-band FEC is sized for (libopus spends more of the rate on it the higher).
  static constexpr int kExpectedLossPercent = 10;
  explicit OpusEncoderHandle(int bitrate = 32000);
  // One 20 ms frame (kFrameSamples) to one Opus packet.
  std::vector<std::uint8_t> encode(std::span<const std::int16_t> frame);

 private:
  struct Free {
    void operator()(OpusEncoder* e) const { opus_encoder_destroy(e); }
  };
  std::unique_ptr<OpusEncoder, Free> encoder_;
};

class AudioInbox {
 public:
  void push(std::span<const std::int16_t> samples);
  // Fills one frame; false (and silence) while the playout buffer refills.
  bool take_frame(std::span<std::int16_t> frame);
  void clear();

 private:
  static constexpr std::size_t kPrebuffer = 2 * kFrameSamples;  // 40 ms
  static constexpr std::size_t kMaxBuffered = 10 * kFrameSamples;  // 200 ms, then drop oldest
  std::deque<std::int16_t> pcm_;
  bool playing_ = false;
};

}  // namespace media::gst
