#pragma once
// The continuous-presence video pipeline of one session (one GStreamer pipeline):
//
//   per tile slot:  appsrc(RTP) ! depay ! avdec_h264 ! scale to tile ! appsink
//                   appsrc(raw) ! textoverlay(name) ! compositor pad
//   compositor (black background, live through the tiles' appsrcs) ! fixed caps/framerate ! tee
//     -> x264enc (first profile) -> rtph264pay -> appsink -> every receiving leg
//     -> scale -> x264enc (each further profile) -> rtph264pay -> appsink
//
// Slots are created once and reused (compositor pads are never released, a
// GStreamer 1.22 trap). Decoded frames hop through appsink/appsrc so that a
// slot whose leg stops can be given a 'no signal' frame instead of freezing.
// Decoding happens only in slots, so only visible legs are decoded.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "gst_ptr.hpp"
#include "media/layout.hpp"
#include "media/node.hpp"

namespace media::gst {

class VideoMixer {
 public:
  struct Callbacks {
    // An RTP packet of output profile `profile`; called on a streaming thread.
    std::function<void(std::size_t profile, std::span<const std::uint8_t> packet)> on_output_packet;
    // A decoded frame reached slot's tile; called on a streaming thread.
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
  void show(std::size_t slot, const Rect& rect, const std::string& label);
  void hide(std::size_t slot);
  void show_no_signal(std::size_t slot);
  void push_rtp(std::size_t slot, std::span<const std::uint8_t> packet);
  void force_keyframe(std::size_t profile);
  std::uint32_t output_ssrc(std::size_t profile) const { return output_ssrcs_.at(profile); }
  // Errors and warnings posted on the bus since the previous call.
  std::vector<std::string> drain_bus();

 private:
  struct Slot {
    VideoMixer* owner = nullptr;
    std::size_t index = 0;
    GstElement* rtp_src = nullptr;   // borrowed from the pipeline
    GstElement* filter = nullptr;
    GstElement* raw_src = nullptr;
    GstElement* overlay = nullptr;
    PadPtr pad;                      // compositor sink pad
    std::atomic<int> width{0};
    std::atomic<int> height{0};
    std::atomic<bool> no_signal{false};
    std::string label;               // guarded by labels_mutex_
    std::mutex push_mutex;           // guards the raw caps cache below
    int raw_caps_width = 0;
    int raw_caps_height = 0;
  };
  struct Output {
    VideoMixer* owner = nullptr;
    std::size_t index = 0;
    GstElement* encoder = nullptr;
  };

  static GstFlowReturn on_decoded(GstAppSink* sink, gpointer slot);
  static GstFlowReturn on_output(GstAppSink* sink, gpointer output);
  static GstFlowReturn on_encoded_sample(GstAppSink* sink, gpointer mixer);
  void push_raw(Slot& slot, GstBuffer* buffer, int width, int height);
  void set_overlay_text(Slot& slot, const std::string& text);

  SessionOptions options_;
  Callbacks callbacks_;
  ElementPtr pipeline_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::unique_ptr<Output>> outputs_;
  std::vector<std::uint32_t> output_ssrcs_;
  std::mutex labels_mutex_;
  bool started_ = false;
};

}  // namespace media::gst
