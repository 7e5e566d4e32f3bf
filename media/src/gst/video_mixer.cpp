#include "video_mixer.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <chrono>
#include <utility>
#include <random>
#include <sstream>

#include "log.hpp"
#include "pipeline.hpp"

namespace media::gst {
namespace {

std::string raw_caps(int width, int height, int fps) {
  std::ostringstream s;
  s << "video/x-raw,format=I420,width=" << width << ",height=" << height << ",framerate=" << fps
    << "/1,pixel-aspect-ratio=1/1,interlace-mode=progressive";
  return s.str();
}

std::string encoder_chain(std::size_t index, const OutputProfile& p, int fps, std::uint32_t ssrc) {
  std::ostringstream s;
  // ultrafast/zerolatency: no B-frames, no lookahead; one keyframe every 4 s at
  // most, more on request (PLI/FIR). Up to 720p one thread keeps 30 fps and saves
  // the sliced-thread hand-offs; larger pictures get x264's own threading.
  const bool one_thread = p.width * p.height <= 1280 * 720;
  s << "x264enc name=enc" << index << " threads=" << (one_thread ? 1 : 0)
    << " tune=zerolatency speed-preset=ultrafast bitrate=" << p.bitrate_kbps << " key-int-max=" << fps * 4
    << " ! video/x-h264,profile=constrained-baseline ! tee name=et" << index << " "
    << "et" << index << ". ! rtph264pay name=pay" << index << " pt=" << int(kVideoCodec.payload_type) << " mtu=1200 config-interval=-1 "
    << "aggregate-mode=zero-latency ssrc=" << ssrc << " ! appsink name=out" << index << " sync=false async=false ";
  if (index == 0) {  // recording takes the first profile's encode: no second encoder
    s << "et0. ! video/x-h264,stream-format=byte-stream,alignment=au"
      << " ! appsink name=rec sync=false async=false max-buffers=60 drop=true ";
  }
  return s.str();
}

std::string describe(const SessionOptions& o, const std::vector<std::uint32_t>& ssrcs) {
  const OutputProfile& main = o.outputs.front();
  std::ostringstream s;
  // The canvas appsrc runs the first encoder on its own streaming thread; each
  // further profile gets a queue (a thread) that scales and encodes in parallel.
  s << "appsrc name=canvas is-live=true format=time do-timestamp=false min-latency=0 max-buffers=2 "
    << "leaky-type=downstream caps=\"" << raw_caps(main.width, main.height, o.framerate) << "\" ! ";
  if (o.outputs.size() > 1) s << "tee name=vt vt. ! ";
  s << encoder_chain(0, main, o.framerate, ssrcs[0]);
  for (std::size_t i = 1; i < o.outputs.size(); ++i) {
    const OutputProfile& p = o.outputs[i];
    s << "vt. ! queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream ! videoscale ! "
      << raw_caps(p.width, p.height, o.framerate) << " ! " << encoder_chain(i, p, o.framerate, ssrcs[i]);
  }
  return s.str();
}

I420View view_of(GstVideoFrame& frame) {
  I420View v;
  v.width = GST_VIDEO_FRAME_WIDTH(&frame);
  v.height = GST_VIDEO_FRAME_HEIGHT(&frame);
  v.y = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
  v.u = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 1));
  v.v = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 2));
  v.y_stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
  v.u_stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 1);
  v.v_stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 2);
  return v;
}

}  // namespace

VideoMixer::VideoMixer(const SessionOptions& options, Callbacks callbacks)
    : options_(options), callbacks_(std::move(callbacks)) {
  std::random_device rd;
  for (std::size_t i = 0; i < options_.outputs.size(); ++i) output_ssrcs_.push_back(rd());
  pipeline_ = parse_pipeline(describe(options_, output_ssrcs_), "video pipeline");
  canvas_src_ = borrow_element(pipeline_.get(), "canvas");

  const OutputProfile& main = options_.outputs.front();
  CapsPtr caps(gst_caps_from_string(raw_caps(main.width, main.height, options_.framerate).c_str()));
  if (!gst_video_info_from_caps(&canvas_info_, caps.get())) throw Unavailable("canvas caps");
  canvas_pool_.reset(gst_buffer_pool_new());
  GstStructure* config = gst_buffer_pool_get_config(canvas_pool_.get());
  gst_buffer_pool_config_set_params(config, caps.get(), static_cast<guint>(GST_VIDEO_INFO_SIZE(&canvas_info_)), 2, 0);
  if (!gst_buffer_pool_set_config(canvas_pool_.get(), config) || !gst_buffer_pool_set_active(canvas_pool_.get(), TRUE)) {
    throw Unavailable("canvas buffer pool");
  }

  for (std::size_t i = 0; i < options_.max_visible; ++i) slots_.push_back(std::make_unique<Slot>());
  decoders_ = std::make_unique<TileDecoders>(
      slots_.size(), [this](std::size_t slot, std::uint64_t generation, std::shared_ptr<const DecodedPicture> picture) {
        on_picture(slot, generation, std::move(picture));
      });
  for (std::size_t i = 0; i < options_.outputs.size(); ++i) {
    auto out = std::make_unique<Output>();
    out->owner = this;
    out->index = i;
    out->encoder = borrow_element(pipeline_.get(), "enc" + std::to_string(i));
    GstAppSinkCallbacks cb{};
    cb.new_sample = &VideoMixer::on_output;
    gst_app_sink_set_callbacks(GST_APP_SINK(borrow_element(pipeline_.get(), "out" + std::to_string(i))), &cb,
                               out.get(), nullptr);
    outputs_.push_back(std::move(out));
  }
  GstAppSinkCallbacks rec{};
  rec.new_sample = &VideoMixer::on_encoded_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(borrow_element(pipeline_.get(), "rec")), &rec, this, nullptr);
}

VideoMixer::~VideoMixer() {
  stop();
  if (canvas_pool_) gst_buffer_pool_set_active(canvas_pool_.get(), FALSE);
}

void VideoMixer::start() {
  if (started_) return;
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw Unavailable("video pipeline refused to play");
  }
  started_ = true;
  composing_ = true;
  composer_ = std::thread([this] { compose_loop(); });
  log_info("video pipeline: playing");
}

void VideoMixer::stop() {
  composing_ = false;
  if (composer_.joinable()) composer_.join();
  decoders_.reset();  // joins the decoding threads (their callbacks may take the session's lock)
  if (!pipeline_) return;
  gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
  if (started_) log_info("video pipeline: stopped");
  started_ = false;
}

TileLabels VideoMixer::render_labels(const std::string& name) {
  return {labels_.render(name), labels_.render(name + " - no signal")};
}

void VideoMixer::show(std::size_t index, const Rect& rect, const TileLabels& labels) {
  Slot& slot = *slots_.at(index);
  std::lock_guard lock(slot.mutex);
  slot.rect = rect;  // the composer scales the latest frame to it from the next frame on
  slot.shown = true;
  slot.label = labels.normal;
  slot.no_signal_label = labels.no_signal;
}

void VideoMixer::hide(std::size_t index) {
  Slot& slot = *slots_.at(index);
  std::lock_guard lock(slot.mutex);
  slot.shown = false;
  slot.no_signal = false;
  slot.latest.reset();  // the next occupant starts blank, not with this one's picture
  ++slot.generation;    // and its frames still queued are never shown
}

void VideoMixer::show_no_signal(std::size_t index) {
  Slot& slot = *slots_.at(index);
  std::lock_guard lock(slot.mutex);
  slot.no_signal = true;
}

void VideoMixer::on_picture(std::size_t index, std::uint64_t generation,
                            std::shared_ptr<const DecodedPicture> picture) {
  Slot& slot = *slots_[index];
  {
    std::lock_guard lock(slot.mutex);
    if (!slot.shown || generation != slot.generation) return;  // left meanwhile
    slot.latest = std::move(picture);
    slot.no_signal = false;
  }
  if (callbacks_.on_slot_frame) callbacks_.on_slot_frame(index);
}

void VideoMixer::compose_loop() {
  using clock = std::chrono::steady_clock;
  const auto interval = std::chrono::nanoseconds(1'000'000'000LL / options_.framerate);
  const GstClockTime base = running_time(pipeline_.get());
  std::uint64_t index = 0;
  auto next = clock::now();
  while (composing_) {
    std::this_thread::sleep_until(next);
    compose_frame(base + index * static_cast<GstClockTime>(interval.count()));
    ++index;
    next += interval;
    // Fallen behind (a stalled machine): skip the frames already late rather than
    // sending a burst; the timestamps keep the fixed grid.
    if (const auto late = clock::now() - next; late > interval) {
      const auto skipped = late / interval;
      index += static_cast<std::uint64_t>(skipped);
      next += skipped * interval;
    }
  }
}

void VideoMixer::compose_frame(GstClockTime pts) {
  // What each shown slot holds right now; the pictures are referenced, not copied.
  std::vector<TilePicture> tiles;
  std::vector<std::shared_ptr<const DecodedPicture>> held;
  tiles.reserve(slots_.size());
  held.reserve(slots_.size());
  for (const auto& slot_ptr : slots_) {
    Slot& slot = *slot_ptr;
    std::lock_guard lock(slot.mutex);
    if (!slot.shown) continue;
    TilePicture tile;
    tile.rect = slot.rect;
    if (slot.no_signal) {
      tile.content = TilePicture::Content::no_signal;
      tile.label = slot.no_signal_label;
    } else {
      tile.label = slot.label;
      if (slot.latest) {
        tile.content = TilePicture::Content::picture;
        tile.picture = slot.latest->view();
        held.push_back(slot.latest);
      }
    }
    tiles.push_back(std::move(tile));
  }

  GstBuffer* raw = nullptr;
  if (gst_buffer_pool_acquire_buffer(canvas_pool_.get(), &raw, nullptr) != GST_FLOW_OK) return;
  BufferPtr buffer(raw);
  GstVideoFrame canvas;
  if (!gst_video_frame_map(&canvas, &canvas_info_, buffer.get(), GST_MAP_WRITE)) return;
  compose(view_of(canvas), tiles);
  gst_video_frame_unmap(&canvas);
  GST_BUFFER_PTS(buffer.get()) = pts;
  GST_BUFFER_DTS(buffer.get()) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION(buffer.get()) = GST_SECOND / static_cast<GstClockTime>(options_.framerate);
  gst_app_src_push_buffer(GST_APP_SRC(canvas_src_), buffer.release());  // takes ownership
}

GstFlowReturn VideoMixer::on_output(GstAppSink* sink, gpointer data) {
  auto& out = *static_cast<Output*>(data);
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (!sample || !out.owner->callbacks_.on_output_packets) return GST_FLOW_OK;
  std::vector<std::unique_ptr<MappedBuffer>> maps;
  std::vector<std::span<const std::uint8_t>> packets;
  auto add = [&](GstBuffer* buffer) {
    auto& map = maps.emplace_back(std::make_unique<MappedBuffer>(buffer, GST_MAP_READ));
    if (map->ok()) packets.emplace_back(map->data(), map->size());
  };
  if (GstBufferList* list = gst_sample_get_buffer_list(sample.get())) {
    const guint count = gst_buffer_list_length(list);
    maps.reserve(count);
    packets.reserve(count);
    for (guint i = 0; i < count; ++i) add(gst_buffer_list_get(list, i));
  } else if (GstBuffer* buffer = gst_sample_get_buffer(sample.get())) {
    add(buffer);
  }
  if (!packets.empty()) out.owner->callbacks_.on_output_packets(out.index, packets);
  return GST_FLOW_OK;
}

GstFlowReturn VideoMixer::on_encoded_sample(GstAppSink* sink, gpointer data) {
  auto& mixer = *static_cast<VideoMixer*>(data);
  SamplePtr sample(gst_app_sink_pull_sample(sink));
  if (sample && mixer.callbacks_.on_encoded) mixer.callbacks_.on_encoded(sample.get());
  return GST_FLOW_OK;
}

bool VideoMixer::push_rtp(std::size_t index, const RtpHeader& header, std::span<const std::uint8_t> payload) {
  if (!decoders_) return true;  // stopped
  Slot& slot = *slots_.at(index);
  const std::uint64_t generation = slot.generation;
  if (generation != slot.depacketizing) {  // a new sender: nothing of the previous one's frame
    slot.depacketizer.reset();
    slot.depacketizing = generation;
  }
  completed_.clear();
  slot.depacketizer.push(header, payload, completed_);
  for (AccessUnit& unit : completed_) {
    if (!decoders_->submit(index, generation, std::move(unit))) {
      slot.depacketizer.reset();  // what follows needs a keyframe; the caller waits for one
      return false;
    }
  }
  return true;
}

void VideoMixer::decode_queued() {
  if (decoders_) decoders_->wake();
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
