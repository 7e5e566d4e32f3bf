#pragma once
// RAII for GStreamer references: every gst_object/caps/sample/buffer we own is
// held by one of these, so no path forgets an unref.
#include <gst/gst.h>

#include <memory>

namespace media::gst {

struct ObjectUnref {
  void operator()(gpointer p) const {
    if (p) gst_object_unref(p);
  }
};
struct CapsUnref {
  void operator()(GstCaps* p) const {
    if (p) gst_caps_unref(p);
  }
};
struct SampleUnref {
  void operator()(GstSample* p) const {
    if (p) gst_sample_unref(p);
  }
};
struct BufferUnref {
  void operator()(GstBuffer* p) const {
    if (p) gst_buffer_unref(p);
  }
};

template <class T>
using ObjectPtr = std::unique_ptr<T, ObjectUnref>;
using ElementPtr = ObjectPtr<GstElement>;
using PadPtr = ObjectPtr<GstPad>;
using BusPtr = ObjectPtr<GstBus>;
using CapsPtr = std::unique_ptr<GstCaps, CapsUnref>;
using SamplePtr = std::unique_ptr<GstSample, SampleUnref>;
using BufferPtr = std::unique_ptr<GstBuffer, BufferUnref>;

// A mapped buffer, unmapped on scope exit.
class MappedBuffer {
 public:
  MappedBuffer(GstBuffer* buffer, GstMapFlags flags) : buffer_(buffer) {
    ok_ = gst_buffer_map(buffer_, &info_, flags) != FALSE;
  }
  ~MappedBuffer() {
    if (ok_) gst_buffer_unmap(buffer_, &info_);
  }
  MappedBuffer(const MappedBuffer&) = delete;
  MappedBuffer& operator=(const MappedBuffer&) = delete;
  bool ok() const { return ok_; }
  guint8* data() const { return info_.data; }
  gsize size() const { return info_.size; }

 private:
  GstBuffer* buffer_;
  GstMapInfo info_{};
  bool ok_ = false;
};

// Running time of a playing pipeline (what do-timestamp would stamp).
inline GstClockTime running_time(GstElement* pipeline) {
  ObjectPtr<GstClock> clock(gst_element_get_clock(pipeline));
  if (!clock) return 0;
  const GstClockTime now = gst_clock_get_time(clock.get());
  const GstClockTime base = gst_element_get_base_time(pipeline);
  return now > base ? now - base : 0;
}

}  // namespace media::gst
