#include "video_mixer.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include <cstring>
#include <random>
#include <sstream>

#include "log.hpp"

namespace media::gst {
namespace {

std::string raw_caps(int width, int height, int fps) {
  std::ostringstream s;
  s << "video/x-raw,format=I420,width=" << width << ",height=" << height << ",framerate=" << fps
    << "/1,pixel-aspect-ratio=1/1,interlace-mode=progressive";
  return s.str();
}

// A decoded tile keeps the sender's frame rate; the compositor's output is what is fixed.
std::string tile_caps(int width, int height) {
  std::ostringstream s;
  s << "video/x-raw,format=I420,width=" << width << ",height=" << height << ",pixel-aspect-ratio=1/1,interlace-mode=progressive";
  return s.str();
}

std::string encoder(std::size_t index, const OutputProfile& p, int fps) {
  std::ostringstream s;
  // ultrafast/zerolatency: no B-frames, no lookahead; one keyframe every 4 s
  // at most, more on request (PLI/FIR). Up to 720p one thread does it, and saves
  // the sliced-thread hand-offs (measured: about 0.1 core less at 9 halls).
  s << "x264enc name=enc" << index << " tune=zerolatency speed-preset=ultrafast bitrate="
    << p.bitrate_kbps << " key-int-max=" << fps * 4 << " ! video/x-h264,profile=constrained-baseline";
  return s.str();
}

std::string describe(const SessionOptions& o, const std::vector<std::uint32_t>& ssrcs) {
  const OutputProfile& main = o.outputs.front();
  std::ostringstream s;
  // No background source: the compositor paints black itself, and the tiles' live
  // appsrcs (slot 0 primed in start()) keep it producing at the fixed rate.
  s << "compositor name=comp background=black latency=0 "
    << "comp. ! " << raw_caps(main.width, main.height, o.framerate) << " ! tee name=vt ";
  for (std::size_t i = 0; i < o.outputs.size(); ++i) {
    const OutputProfile& p = o.outputs[i];
    s << "vt. ! queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream ! ";
    if (i > 0) s << "videoscale ! " << raw_caps(p.width, p.height, o.framerate) << " ! ";
    s << encoder(i, p, o.framerate) << " ! tee name=et" << i << " "
      << "et" << i << ". ! queue ! rtph264pay name=pay" << i << " pt=96 mtu=1200 config-interval=-1 "
      << "aggregate-mode=zero-latency ssrc=" << ssrcs[i] << " ! appsink name=out" << i
      << " sync=false async=false ";
    if (i == 0) {
      s << "et0. ! queue max-size-buffers=60 leaky=downstream ! video/x-h264,stream-format=byte-stream,alignment=au"
        << " ! appsink name=rec sync=false async=false max-buffers=60 drop=true ";
    }
  }
  for (std::size_t i = 0; i < o.max_visible; ++i) {
    s << "appsrc name=rtp" << i << " is-live=true do-timestamp=true format=time min-latency=0 "
      << "max-bytes=4000000 caps=\"application/x-rtp,media=(string)video,clock-rate=(int)90000,"
      << "encoding-name=(string)H264,payload=(int)96\" ! rtph264depay ! avdec_h264 max-threads=1 "
      << "output-corrupt=false ! videoconvertscale add-borders=false ! capsfilter name=cf" << i
      << " caps=\"" << tile_caps(16, 16) << "\" ! appsink name=dec" << i
      << " sync=false async=false max-buffers=2 drop=true "
      << "appsrc name=raw" << i << " is-live=true format=time min-latency=0 max-buffers=4 leaky-type=upstream"
      << " ! textoverlay name=txt" << i
      << " valignment=bottom halignment=left font-desc=\"Sans 12\" shaded-background=true"
      << " ! comp.sink_" << (i + 1) << " ";
  }
  return s.str();
}

GstElement* child(GstElement* pipeline, const std::string& name) {
  GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
  if (!e) throw Unavailable("pipeline element missing: " + name);
  gst_object_unref(e);  // the pipeline keeps it alive; we borrow
  return e;
}

}  // namespace

VideoMixer::VideoMixer(const SessionOptions& options, Callbacks callbacks)
    : options_(options), callbacks_(std::move(callbacks)) {
  std::random_device rd;
  for (std::size_t i = 0; i < options_.outputs.size(); ++i) output_ssrcs_.push_back(rd());
  GError* error = nullptr;
  const std::string text = describe(options_, output_ssrcs_);
  pipeline_.reset(gst_parse_launch(text.c_str(), &error));
  if (error) {
    const std::string message = error->message;
    g_error_free(error);
    throw Unavailable("video pipeline: " + message);
  }
  gst_object_ref_sink(pipeline_.get());
  GstElement* comp = child(pipeline_.get(), "comp");
  for (std::size_t i = 0; i < options_.max_visible; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->owner = this;
    slot->index = i;
    slot->rtp_src = child(pipeline_.get(), "rtp" + std::to_string(i));
    slot->filter = child(pipeline_.get(), "cf" + std::to_string(i));
    slot->raw_src = child(pipeline_.get(), "raw" + std::to_string(i));
    slot->overlay = child(pipeline_.get(), "txt" + std::to_string(i));
    slot->pad.reset(gst_element_get_static_pad(comp, ("sink_" + std::to_string(i + 1)).c_str()));
    if (!slot->pad) throw Unavailable("compositor pad missing");
    g_object_set(slot->pad.get(), "alpha", 0.0, "zorder", static_cast<guint>(i + 1), nullptr);
    GstAppSinkCallbacks cb{};
    cb.new_sample = &VideoMixer::on_decoded;
    gst_app_sink_set_callbacks(GST_APP_SINK(child(pipeline_.get(), "dec" + std::to_string(i))), &cb,
                               slot.get(), nullptr);
    slots_.push_back(std::move(slot));
  }
  for (std::size_t i = 0; i < options_.outputs.size(); ++i) {
    auto out = std::make_unique<Output>();
    out->owner = this;
    out->index = i;
    out->encoder = child(pipeline_.get(), "enc" + std::to_string(i));
    GstAppSinkCallbacks cb{};
    cb.new_sample = &VideoMixer::on_output;
    gst_app_sink_set_callbacks(GST_APP_SINK(child(pipeline_.get(), "out" + std::to_string(i))), &cb,
                               out.get(), nullptr);
    outputs_.push_back(std::move(out));
  }
  GstAppSinkCallbacks rec{};
  rec.new_sample = &VideoMixer::on_encoded_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(child(pipeline_.get(), "rec")), &rec, this, nullptr);
}

VideoMixer::~VideoMixer() { stop(); }

void VideoMixer::start() {
  if (started_) return;
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw Unavailable("video pipeline refused to play");
  }
  started_ = true;
  // Give the compositor caps and a live input from the start, shown nowhere (alpha 0).
  Slot& first = *slots_.front();
  BufferPtr blank(gst_buffer_new_allocate(nullptr, 16 * 16 * 3 / 2, nullptr));
  gst_buffer_memset(blank.get(), 0, 16, 16 * 16);
  gst_buffer_memset(blank.get(), 16 * 16, 128, 16 * 16 / 2);
  push_raw(first, blank.release(), 16, 16);
  log_info("video pipeline: playing");
}

void VideoMixer::stop() {
  if (!pipeline_) return;
  gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  if (started_) log_info("video pipeline: stopped");
  started_ = false;
}

void VideoMixer::show(std::size_t index, const Rect& rect, const std::string& label) {
  Slot& slot = *slots_.at(index);
  slot.width = rect.width;
  slot.height = rect.height;
  CapsPtr caps(gst_caps_from_string(tile_caps(rect.width, rect.height).c_str()));
  g_object_set(slot.filter, "caps", caps.get(), nullptr);
  g_object_set(slot.pad.get(), "xpos", rect.x, "ypos", rect.y, "width", rect.width, "height", rect.height,
               "alpha", 1.0, nullptr);
  {
    std::lock_guard lock(labels_mutex_);
    slot.label = label;
  }
  set_overlay_text(slot, label);
  slot.no_signal = false;
  // Until the leg's keyframe is decoded, the tile shows a blank frame of its
  // own size, never the previous occupant's last picture.
  BufferPtr blank(gst_buffer_new_allocate(nullptr, static_cast<gsize>(rect.width * rect.height * 3 / 2), nullptr));
  {
    MappedBuffer map(blank.get(), GST_MAP_WRITE);
    std::memset(map.data(), 16, static_cast<std::size_t>(rect.width * rect.height));
    std::memset(map.data() + rect.width * rect.height, 128, static_cast<std::size_t>(rect.width * rect.height / 2));
  }
  push_raw(slot, blank.release(), rect.width, rect.height);
}

void VideoMixer::hide(std::size_t index) {
  Slot& slot = *slots_.at(index);
  g_object_set(slot.pad.get(), "alpha", 0.0, nullptr);
}

void VideoMixer::show_no_signal(std::size_t index) {
  Slot& slot = *slots_.at(index);
  const int w = slot.width, h = slot.height;
  if (w <= 0 || h <= 0 || slot.no_signal.exchange(true)) return;
  std::string label;
  {
    std::lock_guard lock(labels_mutex_);
    label = slot.label;
  }
  set_overlay_text(slot, label + " - no signal");
  BufferPtr grey(gst_buffer_new_allocate(nullptr, static_cast<gsize>(w * h * 3 / 2), nullptr));
  {
    MappedBuffer map(grey.get(), GST_MAP_WRITE);
    std::memset(map.data(), 60, static_cast<std::size_t>(w * h));
    std::memset(map.data() + w * h, 128, static_cast<std::size_t>(w * h / 2));
  }
  push_raw(slot, grey.release(), w, h);
}

void VideoMixer::set_overlay_text(Slot& slot, const std::string& text) {
  g_object_set(slot.overlay, "text", text.c_str(), nullptr);
}

void VideoMixer::push_raw(Slot& slot, GstBuffer* buffer, int width, int height) {
  // Called from the slot's decode thread and from control threads.
  std::lock_guard lock(slot.push_mutex);
  if (slot.raw_caps_width != width || slot.raw_caps_height != height) {
    CapsPtr caps(gst_caps_from_string(raw_caps(width, height, options_.framerate).c_str()));
    gst_app_src_set_caps(GST_APP_SRC(slot.raw_src), caps.get());
    slot.raw_caps_width = width;
    slot.raw_caps_height = height;
  }
  GST_BUFFER_PTS(buffer) = running_time(pipeline_.get());
  GST_BUFFER_DTS(buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION(buffer) = GST_CLOCK_TIME_NONE;
  gst_app_src_push_buffer(GST_APP_SRC(slot.raw_src), buffer);  // takes ownership
}

GstFlowReturn VideoMixer::on_decoded(GstAppSink* sink, gpointer data) {
  auto& slot = *static_cast<Slot*>(data);
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample) return GST_FLOW_OK;
  GstVideoInfo info;
  if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample.get()))) return GST_FLOW_OK;
  // A frame scaled for the slot's previous size is dropped; the next one fits.
  if (info.width != slot.width || info.height != slot.height) return GST_FLOW_OK;
  GstBuffer* frame = gst_buffer_copy(gst_sample_get_buffer(sample.get()));  // shares memory
  if (slot.no_signal.exchange(false)) {
    std::string label;
    {
      std::lock_guard lock(slot.owner->labels_mutex_);
      label = slot.label;
    }
    slot.owner->set_overlay_text(slot, label);
  }
  slot.owner->push_raw(slot, frame, info.width, info.height);
  if (slot.owner->callbacks_.on_slot_frame) slot.owner->callbacks_.on_slot_frame(slot.index);
  return GST_FLOW_OK;
}

GstFlowReturn VideoMixer::on_output(GstAppSink* sink, gpointer data) {
  auto& out = *static_cast<Output*>(data);
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample) return GST_FLOW_OK;
  GstBufferList* list = gst_sample_get_buffer_list(sample.get());
  auto deliver = [&](GstBuffer* buffer) {
    MappedBuffer map(buffer, GST_MAP_READ);
    if (map.ok() && out.owner->callbacks_.on_output_packet) {
      out.owner->callbacks_.on_output_packet(out.index, {map.data(), map.size()});
    }
  };
  if (list) {
    for (guint i = 0; i < gst_buffer_list_length(list); ++i) deliver(gst_buffer_list_get(list, i));
  } else if (GstBuffer* buffer = gst_sample_get_buffer(sample.get())) {
    deliver(buffer);
  }
  return GST_FLOW_OK;
}

GstFlowReturn VideoMixer::on_encoded_sample(GstAppSink* sink, gpointer data) {
  auto& mixer = *static_cast<VideoMixer*>(data);
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (sample && mixer.callbacks_.on_encoded) mixer.callbacks_.on_encoded(sample.get());
  return GST_FLOW_OK;
}

void VideoMixer::push_rtp(std::size_t index, std::span<const std::uint8_t> packet) {
  GstBuffer* buffer = gst_buffer_new_memdup(packet.data(), packet.size());
  gst_app_src_push_buffer(GST_APP_SRC(slots_.at(index)->rtp_src), buffer);
}

void VideoMixer::force_keyframe(std::size_t profile) {
  PadPtr pad(gst_element_get_static_pad(outputs_.at(profile)->encoder, "src"));
  gst_pad_send_event(pad.get(), gst_video_event_new_upstream_force_key_unit(GST_CLOCK_TIME_NONE, TRUE, 0));
}

std::vector<std::string> VideoMixer::drain_bus() {
  std::vector<std::string> messages;
  BusPtr bus(gst_element_get_bus(pipeline_.get()));
  while (GstMessage* msg = gst_bus_pop_filtered(
             bus.get(), static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_WARNING))) {
    GError* error = nullptr;
    gchar* debug = nullptr;
    if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
      gst_message_parse_error(msg, &error, &debug);
    } else {
      gst_message_parse_warning(msg, &error, &debug);
    }
    messages.push_back(std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(msg))) + ": " +
                       (error ? error->message : "?") + (debug ? std::string(" (") + debug + ")" : ""));
    if (error) g_error_free(error);
    g_free(debug);
    gst_message_unref(msg);
  }
  return messages;
}

}  // namespace media::gst
