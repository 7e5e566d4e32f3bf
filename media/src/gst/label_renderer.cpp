#include "label_renderer.hpp"

#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>

#include <algorithm>

#include "log.hpp"
#include "pipeline.hpp"
#include "media/node.hpp"

namespace media::gst {
namespace {

constexpr int kCanvasWidth = 1280;  // the widest tile a name can get
constexpr int kCanvasHeight = 40;   // Sans 12 with Vietnamese stacked diacritics fits
constexpr int kPadX = 6;
constexpr int kPadY = 3;
constexpr std::size_t kCacheLimit = 512;

}  // namespace

LabelRenderer::LabelRenderer() {
  const std::string description =
      "appsrc name=text format=time caps=text/x-raw,format=utf8 ! textrender font-desc=\"Sans 12\" "
      "halignment=left valignment=top xpad=" + std::to_string(kPadX) + " ypad=" + std::to_string(kPadY) +
      " ! video/x-raw,format=AYUV,width=" + std::to_string(kCanvasWidth) + ",height=" + std::to_string(kCanvasHeight) +
      " ! appsink name=image sync=false max-buffers=1";
  pipeline_ = parse_pipeline(description, "label pipeline");
  source_ = borrow_element(pipeline_.get(), "text");
  sink_ = GST_APP_SINK(borrow_element(pipeline_.get(), "image"));
  if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    throw Unavailable("label pipeline refused to play");
  }
}

LabelRenderer::~LabelRenderer() {
  if (pipeline_) gst_element_set_state(pipeline_.get(), GST_STATE_NULL);
}

std::shared_ptr<const Label> LabelRenderer::render(const std::string& text) {
  if (text.empty()) return nullptr;
  std::lock_guard lock(mutex_);
  if (const auto it = cache_.find(text); it != cache_.end()) return it->second;
  auto label = render_now(text);
  if (cache_.size() >= kCacheLimit) cache_.clear();
  if (label) cache_.emplace(text, label);
  return label;
}

std::shared_ptr<const Label> LabelRenderer::render_now(const std::string& text) {
  GstBuffer* buffer = gst_buffer_new_memdup(text.data(), text.size());
  GST_BUFFER_PTS(buffer) = next_pts_;
  GST_BUFFER_DURATION(buffer) = GST_SECOND;
  next_pts_ += GST_SECOND;
  if (gst_app_src_push_buffer(GST_APP_SRC(source_), buffer) != GST_FLOW_OK) return nullptr;
  SamplePtr sample(gst_app_sink_try_pull_sample(sink_, 2 * GST_SECOND));
  GstVideoInfo info;
  if (!sample || !gst_video_info_from_caps(&info, gst_sample_get_caps(sample.get()))) {
    log_warn("label not rendered: " + text);
    return nullptr;
  }
  GstVideoFrame frame;
  if (!gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample.get()), GST_MAP_READ)) return nullptr;
  const auto* pixels = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, 0));
  const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0);
  const int width = GST_VIDEO_FRAME_WIDTH(&frame), height = GST_VIDEO_FRAME_HEIGHT(&frame);
  // The ink's extent: the label is cropped to it, plus the same margin as on the left and top.
  int right = -1, bottom = -1;
  for (int row = 0; row < height; ++row) {
    for (int col = 0; col < width; ++col) {
      if (pixels[row * stride + col * 4] != 0) {
        right = std::max(right, col);
        bottom = std::max(bottom, row);
      }
    }
  }
  std::shared_ptr<Label> label;
  if (right >= 0) {
    label = std::make_shared<Label>();
    label->width = std::min(width, right + 1 + kPadX);
    label->height = std::min(height, bottom + 1 + kPadY);
    const auto size = static_cast<std::size_t>(label->width * label->height);
    label->y.resize(size);
    label->u.resize(size);
    label->v.resize(size);
    label->alpha.resize(size);
    for (int row = 0; row < label->height; ++row) {
      for (int col = 0; col < label->width; ++col) {
        const std::uint8_t* p = pixels + row * stride + col * 4;  // A Y U V
        const auto i = static_cast<std::size_t>(row * label->width + col);
        label->alpha[i] = p[0];
        label->y[i] = p[1];
        label->u[i] = p[2];
        label->v[i] = p[3];
      }
    }
  }
  gst_video_frame_unmap(&frame);
  return label;
}

}  // namespace media::gst
