#pragma once
// A media node as the conductor drives it: the one embedded in this process (media::Node)
// or a media-node process reached over its HTTP control API. Both speak media's plain types;
// errors are media::NotFound / InvalidInput / Unavailable.
#include <memory>
#include <string>

#include "media/node.hpp"

namespace app {

class MediaBackend {
 public:
  virtual ~MediaBackend() = default;
  [[nodiscard]] virtual bool healthy() = 0;
  virtual std::string create_session(const media::SessionOptions& options) = 0;
  virtual void end_session(const std::string& session) = 0;
  virtual media::LegInfo add_leg(const std::string& session, const media::LegOptions& leg) = 0;
  virtual void remove_leg(const std::string& session, const std::string& leg) = 0;
  virtual void set_audio_muted(const std::string& session, const std::string& leg, bool muted) = 0;
  virtual void set_video_hidden(const std::string& session, const std::string& leg, bool hidden) = 0;
  virtual void set_layout(const std::string& session, media::LayoutKind layout) = 0;
  virtual void give_floor(const std::string& session, const std::optional<std::string>& leg) = 0;
  virtual void start_recording(const std::string& session, const std::string& path) = 0;
  virtual void stop_recording(const std::string& session) = 0;
  virtual media::SessionStats stats(const std::string& session) = 0;
};

// The node inside this process.
std::unique_ptr<MediaBackend> embedded_backend(media::Node& node);
// A media-node at "host:port" (IPv4); each call times out after a few seconds.
std::unique_ptr<MediaBackend> remote_backend(const std::string& address);

}  // namespace app
