#include "h264_decoder.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include <utility>
#include <cstring>

#include "media/node.hpp"

namespace media::gst {
namespace {

I420View view_of(const AVFrame& frame) {
  I420View v;
  v.width = frame.width;
  v.height = frame.height;
  v.y = frame.data[0];
  v.u = frame.data[1];
  v.v = frame.data[2];
  v.y_stride = frame.linesize[0];
  v.u_stride = frame.linesize[1];
  v.v_stride = frame.linesize[2];
  return v;
}

bool is_i420(int format) { return format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P; }

}  // namespace

DecodedPicture::DecodedPicture(AVFrame* frame) : frame_(frame), view_(view_of(*frame)) {}

DecodedPicture::DecodedPicture(AVFrame* frame, std::vector<std::uint8_t> converted, I420View view)
    : frame_(frame), converted_(std::move(converted)), view_(view) {}

DecodedPicture::~DecodedPicture() { av_frame_free(&frame_); }

H264Decoder::H264Decoder() {
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
  if (!codec) throw Unavailable("libavcodec has no H.264 decoder");
  context_ = avcodec_alloc_context3(codec);
  packet_ = av_packet_alloc();
  frame_ = av_frame_alloc();
  if (!context_ || !packet_ || !frame_) {
    release();
    throw Unavailable("H.264 decoder: out of memory");
  }
  context_->thread_count = 1;
  // No picture before the first keyframe (nor the grey guesswork that precedes it).
  context_->flags &= ~AV_CODEC_FLAG_OUTPUT_CORRUPT;
  if (avcodec_open2(context_, codec, nullptr) < 0) {
    release();
    throw Unavailable("H.264 decoder refused to open");
  }
}

H264Decoder::~H264Decoder() { release(); }

void H264Decoder::release() {
  sws_freeContext(converter_);
  converter_ = nullptr;
  av_frame_free(&frame_);
  av_packet_free(&packet_);
  avcodec_free_context(&context_);
}

void H264Decoder::reset() { avcodec_flush_buffers(context_); }

std::shared_ptr<const DecodedPicture> H264Decoder::decode(std::span<const std::uint8_t> access_unit) {
  if (access_unit.empty() || access_unit.size() > static_cast<std::size_t>(INT32_MAX - AV_INPUT_BUFFER_PADDING_SIZE)) {
    return nullptr;
  }
  // A reference-counted packet (with the zeroed tail libavcodec reads past) is
  // taken by the decoder as it is; a plain one would be copied again.
  if (av_new_packet(packet_, static_cast<int>(access_unit.size())) < 0) return nullptr;
  std::memcpy(packet_->data, access_unit.data(), access_unit.size());
  const int sent = avcodec_send_packet(context_, packet_);
  av_packet_unref(packet_);
  if (sent < 0) return nullptr;  // broken data: concealed later
  std::shared_ptr<const DecodedPicture> latest;
  while (avcodec_receive_frame(context_, frame_) == 0) {
    if (frame_->width > 0 && frame_->height > 0) latest = to_i420(frame_);
    av_frame_unref(frame_);
  }
  return latest;
}

std::shared_ptr<const DecodedPicture> H264Decoder::to_i420(AVFrame* frame) {
  if (is_i420(frame->format)) {
    AVFrame* kept = av_frame_alloc();
    if (!kept) return nullptr;
    av_frame_move_ref(kept, frame);
    return std::make_shared<const DecodedPicture>(kept);
  }
  // 4:2:2, 4:4:4, high bit depth: to 8-bit 4:2:0 at the same size.
  const int w = frame->width, h = frame->height;
  const int cw = (w + 1) / 2, ch = (h + 1) / 2;
  converter_ = sws_getCachedContext(converter_, w, h, static_cast<AVPixelFormat>(frame->format), w, h,
                                    AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
  if (!converter_) return nullptr;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h + 2 * static_cast<std::size_t>(cw) * ch);
  I420View view;
  view.width = w;
  view.height = h;
  view.y = pixels.data();
  view.u = view.y + static_cast<std::size_t>(w) * h;
  view.v = view.u + static_cast<std::size_t>(cw) * ch;
  view.y_stride = w;
  view.u_stride = view.v_stride = cw;
  std::uint8_t* planes[4] = {view.y, view.u, view.v, nullptr};
  int strides[4] = {view.y_stride, view.u_stride, view.v_stride, 0};
  sws_scale(converter_, frame->data, frame->linesize, 0, h, planes, strides);
  return std::make_shared<const DecodedPicture>(nullptr, std::move(pixels), view);
}

}  // namespace media::gst
