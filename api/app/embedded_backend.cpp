// The media node embedded in the service process.
#include "app/media_backend.hpp"

namespace app {
namespace {

class EmbeddedBackend final : public MediaBackend {
 public:
  explicit EmbeddedBackend(media::Node& node) : node_(node) {}
  bool healthy() override { return true; }  // it lives and dies with this process
  std::string create_session(const media::SessionOptions& o) override { return node_.create_session(o)->id(); }
  void end_session(const std::string& s) override { node_.end_session(s); }
  media::LegInfo add_leg(const std::string& s, const media::LegOptions& l) override {
    return node_.session(s)->add_leg(l);
  }
  void remove_leg(const std::string& s, const std::string& l) override { node_.session(s)->remove_leg(l); }
  void set_audio_muted(const std::string& s, const std::string& l, bool m) override {
    node_.session(s)->set_audio_muted(l, m);
  }
  void set_video_hidden(const std::string& s, const std::string& l, bool h) override {
    node_.session(s)->set_video_hidden(l, h);
  }
  void set_layout(const std::string& s, media::LayoutKind k) override { node_.session(s)->set_layout(k); }
  void give_floor(const std::string& s, const std::optional<std::string>& l) override { node_.session(s)->give_floor(l); }
  void start_recording(const std::string& s, const std::string& path) override {
    node_.session(s)->start_recording(path);
  }
  void stop_recording(const std::string& s) override { node_.session(s)->stop_recording(); }
  media::SessionStats stats(const std::string& s) override { return node_.session(s)->stats(); }

 private:
  media::Node& node_;
};

}  // namespace

std::unique_ptr<MediaBackend> embedded_backend(media::Node& node) { return std::make_unique<EmbeddedBackend>(node); }

}  // namespace app
