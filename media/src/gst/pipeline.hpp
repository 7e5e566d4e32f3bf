#pragma once
// Building a GStreamer pipeline from a gst-launch description, and borrowing its
// named elements: the one place that maps GStreamer's errors to media::Unavailable.
#include <gst/gst.h>

#include <string>

#include "gst_ptr.hpp"

namespace media::gst {

// The pipeline, owned; throws Unavailable("<what>: <parser's message>").
ElementPtr parse_pipeline(const std::string& description, const std::string& what);

// The element called `name`, borrowed: the pipeline keeps it alive. Throws Unavailable.
GstElement* borrow_element(GstElement* pipeline, const std::string& name);

}  // namespace media::gst
