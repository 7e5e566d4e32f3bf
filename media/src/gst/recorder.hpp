#pragma once
// Records a session's composite (the first profile's H.264, not re-encoded) and
// its full mix into an MP4 (.mp4, AAC) or Matroska (.mkv, Opus) file, in a
// pipeline of its own so starting and stopping never touches the live one.
#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "gst_ptr.hpp"

namespace media::gst {

class Recorder {
 public:
  explicit Recorder(const std::string& path);  // throws InvalidInput, Unavailable
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void push_video(GstSample* sample);  // drops until the first keyframe
  void push_audio(std::span<const std::int16_t> frame);
  // Ends the file properly (EOS through the muxer), waiting at most a few seconds.
  void stop();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  ElementPtr pipeline_;
  GstElement* video_src_ = nullptr;
  GstElement* audio_src_ = nullptr;
  std::atomic<bool> have_keyframe_{false};
  std::atomic<bool> stopped_{false};
};

}  // namespace media::gst
