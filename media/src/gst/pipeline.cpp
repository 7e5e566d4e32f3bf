#include "pipeline.hpp"

#include "media/node.hpp"

namespace media::gst {

ElementPtr parse_pipeline(const std::string& description, const std::string& what) {
  GError* error = nullptr;
  ElementPtr pipeline(gst_parse_launch(description.c_str(), &error));
  if (error) {
    const std::string message = error->message;
    g_error_free(error);
    throw Unavailable(what + ": " + message);
  }
  if (!pipeline) throw Unavailable(what + ": not built");
  gst_object_ref_sink(pipeline.get());
  return pipeline;
}

GstElement* borrow_element(GstElement* pipeline, const std::string& name) {
  GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
  if (!e) throw Unavailable("pipeline element missing: " + name);
  gst_object_unref(e);  // the pipeline keeps it alive; we borrow
  return e;
}

}  // namespace media::gst
