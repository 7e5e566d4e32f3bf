#pragma once
// libavcodec's H.264 decoder for one tile: Annex B access units in, I420
// pictures out. One thread per decoder (a tile is small; the slots decode in
// parallel instead). Pictures are the decoder's own frames, referenced, not
// copied; anything that is not 8-bit 4:2:0 (4:2:2, 4:4:4, 10-bit) is converted
// by libswscale.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "media/canvas.hpp"

struct AVCodecContext;
struct AVFrame;
struct AVPacket;
struct SwsContext;

namespace media::gst {

class DecodedPicture {
 public:
  explicit DecodedPicture(AVFrame* frame);  // takes the reference
  DecodedPicture(AVFrame* frame, std::vector<std::uint8_t> converted, I420View view);
  ~DecodedPicture();
  DecodedPicture(const DecodedPicture&) = delete;
  DecodedPicture& operator=(const DecodedPicture&) = delete;
  const I420View& view() const { return view_; }

 private:
  AVFrame* frame_ = nullptr;
  std::vector<std::uint8_t> converted_;
  I420View view_;
};

class H264Decoder {
 public:
  H264Decoder();  // throws Unavailable
  ~H264Decoder();
  H264Decoder(const H264Decoder&) = delete;
  H264Decoder& operator=(const H264Decoder&) = delete;

  // The picture this access unit completes, if any; nothing for data the decoder
  // rejects, or before the first keyframe.
  std::shared_ptr<const DecodedPicture> decode(std::span<const std::uint8_t> access_unit);
  // Forgets the reference pictures: the next sender starts at its keyframe.
  void reset();

 private:
  std::shared_ptr<const DecodedPicture> to_i420(AVFrame* frame);
  void release();

  AVCodecContext* context_ = nullptr;
  AVPacket* packet_ = nullptr;
  AVFrame* frame_ = nullptr;
  SwsContext* converter_ = nullptr;
};

}  // namespace media::gst
