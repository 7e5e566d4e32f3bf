#pragma once
// The continuous-presence video of one session:
//
//   per tile slot:   RTP -> media::H264Depacketizer (I/O thread) -> access units ->
//                    libavcodec H.264 decoder (TileDecoders' workers) -> the slot's
//                    latest picture (referenced, never copied)
//   composer (our thread, a fixed clock): every 1/fps s paints one canvas with
//                    media::compose (background, each picture scaled into its tile,
//                    names, 'no signal')
//   output (GStreamer): appsrc(canvas) ! x264enc (first profile) ! rtph264pay ! appsink
//                    [ ! tee ! queue ! scale ! x264enc ... for each further profile ]
//
// One encode per distinct output profile, shared by every leg that receives it.
// Slots are made once and reused; decoding happens only in slots, so only
// visible legs are decoded. The output rate is the composer's clock, so a leg
// joining, leaving or stopping never stalls or speeds up the others' picture.
// (The tiles were GStreamer pipelines, appsrc ! rtph264depay ! avdec_h264 !
// appsink, until measurements showed their per-frame hand-offs and avdec's copy
// of every 360p picture costing more than a tenth of the node's CPU.)
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "gst_ptr.hpp"
#include "label_renderer.hpp"
#include "tile_decoders.hpp"
#include "media/canvas.hpp"
#include "media/h264_depacketizer.hpp"
#include "media/layout.hpp"
#include "media/node.hpp"

namespace media::gst {

class VideoMixer {
 public:
  struct Callbacks {
    // RTP packets of output profile `profile` (those the payloader made of one
    // encoded frame or part of it); called on a streaming thread.
    std::function<void(std::size_t profile, std::span<const std::span<const std::uint8_t>> packets)> on_output_packets;
    // A decoded frame reached slot's tile; called on a decoding thread.
    std::function<void(std::size_t slot)> on_slot_frame;
    // An encoded access unit of the first profile (for recording).
    std::function<void(GstSample* sample)> on_encoded;
  };

  VideoMixer(const SessionOptions& options, Callbacks callbacks);
  ~VideoMixer();
  VideoMixer(const VideoMixer&) = delete;
  VideoMixer& operator=(const VideoMixer&) = delete;

  void start();  // throws Unavailable
  void stop();   // never call while holding a lock a callback takes

  std::size_t slot_count() const { return slots_.size(); }
  // Draws a hall's name (may take up to 2 s: a GStreamer round trip). Call it
  // without holding the session's lock, before show().
  TileLabels render_labels(const std::string& name);
  // Shows the slot at `rect` with `labels`; a slot newly shown stays blank until its
  // leg's first frame is decoded (never the previous occupant's picture). Never blocks
  // on rendering.
  void show(std::size_t slot, const Rect& rect, const TileLabels& labels);
  void hide(std::size_t slot);
  // Grey with "<label> - no signal" until the slot decodes a frame again.
  void show_no_signal(std::size_t slot);
  // RTP of the slot's leg, from one thread (the session's I/O thread). Frames are
  // queued for decoding as they complete; decode_queued() wakes the decoders.
  // False when the slot's decoder has fallen behind and a frame was dropped: feed
  // it nothing more until the sender's next keyframe.
  bool push_rtp(std::size_t slot, const RtpHeader& header, std::span<const std::uint8_t> payload);
  void decode_queued();
  void force_keyframe(std::size_t profile);
  std::uint32_t output_ssrc(std::size_t profile) const { return output_ssrcs_.at(profile); }
  // Errors and warnings posted on the bus since the previous call.
  std::vector<std::string> drain_bus();

 private:
  struct Slot {
    std::mutex mutex;  // guards what follows, to `generation`
    Rect rect;
    bool shown = false;
    bool no_signal = false;
    std::shared_ptr<const Label> label;
    std::shared_ptr<const Label> no_signal_label;
    std::shared_ptr<const DecodedPicture> latest;  // the last decoded frame, at the sender's size
    std::atomic<std::uint64_t> generation{0};  // which occupant: a new one after every hide()
    // The I/O thread's alone:
    H264Depacketizer depacketizer;
    std::uint64_t depacketizing = 0;  // the generation the depacketizer holds
  };
  struct Output {
    VideoMixer* owner = nullptr;
    std::size_t index = 0;
    GstElement* encoder = nullptr;
  };

  void on_picture(std::size_t slot, std::uint64_t generation, std::shared_ptr<const DecodedPicture> picture);
  static GstFlowReturn on_output(GstAppSink* sink, gpointer output);
  static GstFlowReturn on_encoded_sample(GstAppSink* sink, gpointer mixer);
  void compose_loop();
  void compose_frame(GstClockTime pts);

  SessionOptions options_;
  Callbacks callbacks_;
  ElementPtr pipeline_;
  GstElement* canvas_src_ = nullptr;  // borrowed from the pipeline
  ObjectPtr<GstBufferPool> canvas_pool_;
  GstVideoInfo canvas_info_{};
  LabelRenderer labels_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::unique_ptr<TileDecoders> decoders_;
  std::vector<AccessUnit> completed_;  // the I/O thread's scratch
  std::vector<std::unique_ptr<Output>> outputs_;
  std::vector<std::uint32_t> output_ssrcs_;
  std::atomic<bool> composing_{false};
  std::thread composer_;
  bool started_ = false;
};

}  // namespace media::gst
