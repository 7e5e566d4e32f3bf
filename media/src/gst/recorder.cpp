#include "recorder.hpp"

#include <gst/app/gstappsrc.h>

#include "log.hpp"
#include "pipeline.hpp"
#include "media/node.hpp"

namespace media::gst {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Recorder::Recorder(const std::string& path) : path_(path) {
  std::string audio, mux;
  if (ends_with(path, ".mp4")) {
    audio = "avenc_aac ! aacparse";
    mux = "mp4mux name=mux fragment-duration=1000";
  } else if (ends_with(path, ".mkv")) {
    audio = "opusenc";
    mux = "matroskamux name=mux";
  } else {
    throw InvalidInput("recording path must end in .mp4 or .mkv");
  }
  if (path.find('"') != std::string::npos) throw InvalidInput("recording path must not contain quotes");
  const std::string text =
      "appsrc name=v is-live=true do-timestamp=true format=time "
      "caps=\"video/x-h264,stream-format=byte-stream,alignment=au\" ! h264parse ! queue ! " + mux +
      " ! filesink location=\"" + path + "\" "
      "appsrc name=a is-live=true do-timestamp=true format=time "
      "caps=\"audio/x-raw,format=S16LE,rate=48000,channels=1,layout=interleaved\" ! audioconvert ! " +
      audio + " ! queue ! mux.";
  pipeline_ = parse_pipeline(text, "recording pipeline");
  video_src_ = borrow_element(pipeline_.get(), "v");
  audio_src_ = borrow_element(pipeline_.get(), "a");
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw Unavailable("recording pipeline refused to play (can " + path + " be written?)");
  }
  log_info("recording: started " + path);
}

Recorder::~Recorder() { stop(); }

void Recorder::push_video(GstSample* sample) {
  if (stopped_) return;
  GstBuffer* in = gst_sample_get_buffer(sample);
  if (!in) return;
  if (!have_keyframe_) {
    if (GST_BUFFER_FLAG_IS_SET(in, GST_BUFFER_FLAG_DELTA_UNIT)) return;
    have_keyframe_ = true;
  }
  GstBuffer* out = gst_buffer_copy(in);  // shares memory; timestamps are ours to set
  GST_BUFFER_PTS(out) = GST_BUFFER_DTS(out) = GST_CLOCK_TIME_NONE;
  gst_app_src_push_buffer(GST_APP_SRC(video_src_), out);
}

void Recorder::push_audio(std::span<const std::int16_t> frame) {
  if (stopped_ || !have_keyframe_) return;  // start both tracks together
  GstBuffer* out = gst_buffer_new_memdup(frame.data(), frame.size_bytes());
  gst_app_src_push_buffer(GST_APP_SRC(audio_src_), out);
}

void Recorder::stop() {
  if (!pipeline_ || stopped_.exchange(true)) return;
  gst_app_src_end_of_stream(GST_APP_SRC(video_src_));
  gst_app_src_end_of_stream(GST_APP_SRC(audio_src_));
  BusPtr bus(gst_element_get_bus(pipeline_.get()));
  GstMessage* msg = gst_bus_timed_pop_filtered(bus.get(), 5 * GST_SECOND,
                                               static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (!msg || GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) log_warn("recording: did not end cleanly: " + path_);
  if (msg) gst_message_unref(msg);
  gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  log_info("recording: stopped " + path_);
}

}  // namespace media::gst
