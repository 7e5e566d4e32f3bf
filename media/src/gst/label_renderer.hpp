#pragma once
// Renders a hall's name once (GStreamer's pango `textrender`) into a media::Label
// that the composer blends over the tile in every frame: text is drawn when a
// name changes, not 30 times a second per tile.
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gst_ptr.hpp"
#include "media/canvas.hpp"

namespace media::gst {

// A hall's name drawn once, both ways it is shown on its tile.
struct TileLabels {
  std::shared_ptr<const Label> normal;
  std::shared_ptr<const Label> no_signal;  // "<name> - no signal"
};

class LabelRenderer {
 public:
  LabelRenderer();  // throws Unavailable
  ~LabelRenderer();
  LabelRenderer(const LabelRenderer&) = delete;
  LabelRenderer& operator=(const LabelRenderer&) = delete;

  // White text with a dark outline, cropped to its ink plus a margin; null for an
  // empty text or when rendering failed (the tile is then shown without a name).
  std::shared_ptr<const Label> render(const std::string& text);

 private:
  std::shared_ptr<const Label> render_now(const std::string& text);

  std::mutex mutex_;
  ElementPtr pipeline_;
  GstElement* source_ = nullptr;  // borrowed from the pipeline
  GstAppSink* sink_ = nullptr;
  GstClockTime next_pts_ = 0;
  std::map<std::string, std::shared_ptr<const Label>> cache_;
};

}  // namespace media::gst
