#pragma once
// A media node as its user drives it, session by session id: the Node in this process
// implements it, and so does RemoteNode, a media-node process reached over its control
// API. Callers cannot tell them apart: the same options reach the same kind of session.
//
// Errors: NotFound (no such session or leg), InvalidInput (options refused),
// Unavailable (the node cannot be reached or cannot do it now). Thread-safe.
#include <optional>
#include <string>

#include "media/node_types.hpp"

namespace media {

class NodeControl {
 public:
  virtual ~NodeControl() = default;
  [[nodiscard]] virtual bool healthy() = 0;  // never throws
  virtual std::string open_session(const SessionOptions& options) = 0;  // the session's id
  virtual void end_session(const std::string& session) = 0;
  virtual LegInfo add_leg(const std::string& session, const LegOptions& leg) = 0;
  virtual void remove_leg(const std::string& session, const std::string& leg) = 0;
  virtual void set_audio_muted(const std::string& session, const std::string& leg, bool muted) = 0;
  virtual void set_video_hidden(const std::string& session, const std::string& leg, bool hidden) = 0;
  virtual void set_layout(const std::string& session, LayoutKind layout) = 0;
  virtual void give_floor(const std::string& session, const std::optional<std::string>& leg) = 0;
  virtual void start_recording(const std::string& session, const std::string& path) = 0;
  virtual void stop_recording(const std::string& session) = 0;
  virtual SessionStats session_stats(const std::string& session) = 0;
};

}  // namespace media
