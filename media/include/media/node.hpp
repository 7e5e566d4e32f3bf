#pragma once
// The in-process face of the media unit: a Node holds sessions; a Session links
// legs (halls) into one continuous-presence picture and a mix-minus audio mix.
// Plain C++ types only; GStreamer and libopus stay inside media_gst.
//
// Threading: every method may be called from any thread. Errors are thrown as
// the typed exceptions of node_types.hpp (never GStreamer errors); destructors never throw.
#include <memory>
#include <string>
#include <vector>

#include "media/node_control.hpp"
#include "media/node_types.hpp"

namespace media {

class Session {
 public:
  class Impl;
  explicit Session(std::unique_ptr<Impl> impl);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::string& id() const;
  LegInfo add_leg(const LegOptions& options);
  void remove_leg(const std::string& leg_id);
  void set_audio_muted(const std::string& leg_id, bool muted);
  void set_video_hidden(const std::string& leg_id, bool hidden);
  void set_layout(LayoutKind layout);
  void give_floor(const std::optional<std::string>& leg_id);  // nullopt takes it back
  // Replaces the peer's loss/jitter/RTT in that medium's health (fields left empty
  // keep the previous value). Throws NotFound.
  void report_peer(const std::string& leg_id, Medium medium, const PeerReport& report);
  // path ending in .mp4 or .mkv: the composite (first profile) and the full mix.
  void start_recording(const std::string& path);
  void stop_recording();
  SessionStats stats();
  void end();  // idempotent; the destructor ends it too

 private:
  std::unique_ptr<Impl> impl_;
};

class Node final : public NodeControl {
 public:
  explicit Node(NodeOptions options = {});
  ~Node() override;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  std::shared_ptr<Session> create_session(const SessionOptions& options);
  std::shared_ptr<Session> session(const std::string& session_id) const;  // throws NotFound
  std::vector<std::string> session_ids() const;
  void end_session(const std::string& session_id) override;  // throws NotFound

  // NodeControl: the same, by session id (this node is always healthy).
  bool healthy() override { return true; }
  std::string open_session(const SessionOptions& options) override;
  LegInfo add_leg(const std::string& session, const LegOptions& leg) override;
  void remove_leg(const std::string& session, const std::string& leg) override;
  void set_audio_muted(const std::string& session, const std::string& leg, bool muted) override;
  void set_video_hidden(const std::string& session, const std::string& leg, bool hidden) override;
  void set_layout(const std::string& session, LayoutKind layout) override;
  void give_floor(const std::string& session, const std::optional<std::string>& leg) override;
  void start_recording(const std::string& session, const std::string& path) override;
  void stop_recording(const std::string& session) override;
  SessionStats session_stats(const std::string& session) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace media
