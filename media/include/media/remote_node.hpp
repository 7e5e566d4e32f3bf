#pragma once
// A media-node process driven over its HTTP control API (control_api.hpp), speaking the
// same JSON as its server (control_codec.hpp). Each call is one HTTP request on a fresh
// connection with a time limit; the node's problem answers become the typed errors
// (404 NotFound, other 4xx InvalidInput, 5xx or no answer Unavailable).
#include <chrono>
#include <string>

#include "media/node_control.hpp"

namespace media {

class RemoteNode final : public NodeControl {
 public:
  // "host:port" (IPv4 or a name); throws InvalidInput for anything else.
  explicit RemoteNode(const std::string& address, std::chrono::seconds timeout = std::chrono::seconds(5));

  bool healthy() override;  // GET /health within 2 s
  std::string open_session(const SessionOptions& options) override;
  void end_session(const std::string& session) override;
  LegInfo add_leg(const std::string& session, const LegOptions& leg) override;
  void remove_leg(const std::string& session, const std::string& leg) override;
  void set_audio_muted(const std::string& session, const std::string& leg, bool muted) override;
  void set_video_hidden(const std::string& session, const std::string& leg, bool hidden) override;
  void set_layout(const std::string& session, LayoutKind layout) override;
  void give_floor(const std::string& session, const std::optional<std::string>& leg) override;
  void start_recording(const std::string& session, const std::string& path) override;
  void stop_recording(const std::string& session) override;
  SessionStats session_stats(const std::string& session) override;

  [[nodiscard]] const std::string& address() const { return address_; }

 private:
  std::string call(const std::string& method, const std::string& path, const std::string& body = {});

  std::string address_;
  std::string host_;
  int port_ = 0;
  std::chrono::seconds timeout_;
};

}  // namespace media
