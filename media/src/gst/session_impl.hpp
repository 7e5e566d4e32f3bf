#pragma once
// The inside of a media::Session. Threads:
//   io thread     waits on every leg socket (epoll), counts, learns addresses, answers RTCP,
//                 feeds visible legs' video to tile slots, decodes audio; every
//                 100 ms runs housekeeping (no-signal watchdog, RTCP reports,
//                 keyframe retries and rate-limited keyframes).
//   audio thread  every 20 ms mixes the K loudest legs: mix-minus for each of
//                 them, one shared mix for everybody else, each encoded once.
//   VideoMixer    its composer thread paints the canvas on a fixed clock; its tile
//                 decoders' workers report decoded frames, GStreamer streaming
//                 threads encoded video packets, through VideoMixer callbacks.
// Lock order: mutex_ before VideoMixer's own locks; mutex_ is never held while
// the pipeline changes state.
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "leg.hpp"
#include "media/health.hpp"
#include "media/keyframe_limiter.hpp"
#include "media/node.hpp"
#include "media/send_history.hpp"
#include "recorder.hpp"
#include "video_mixer.hpp"

namespace media {

class Session::Impl {
 public:
  using SocketSource = std::function<gst::UdpSocket()>;
  Impl(std::string id, SessionOptions options, SocketSource sockets, std::string bind_address);
  ~Impl();

  const std::string& id() const { return id_; }
  LegInfo add_leg(const LegOptions& options);
  void remove_leg(const std::string& leg_id);
  void set_audio_muted(const std::string& leg_id, bool muted);
  void set_video_hidden(const std::string& leg_id, bool hidden);
  void set_layout(LayoutKind layout);
  void give_floor(const std::optional<std::string>& leg_id);
  void report_peer(const std::string& leg_id, Medium medium, const PeerReport& report);
  void start_recording(const std::string& path);
  void stop_recording();
  SessionStats stats();
  void end();

 private:
  using LegPtr = std::shared_ptr<gst::Leg>;

  // session.cpp
  gst::Leg& leg_or_throw(const std::string& leg_id);
  void relayout(SteadyTime now);
  void request_keyframe_from(gst::Leg& leg, SteadyTime now);
  void send_keyframe_request(gst::Leg& leg);  // PLI and FIR to the hall, nothing else
  void on_output_packets(std::size_t profile, std::span<const std::span<const std::uint8_t>> packets);
  void judge_downlink(gst::Leg& leg, std::size_t sent, SteadyTime t);
  void send_copies(gst::Leg& leg, std::span<const std::span<const std::uint8_t>> packets);
  void on_slot_frame(std::size_t slot);
  LegStatus status_of(gst::Leg& leg);

  // session_io.cpp
  void io_loop();
  void handle_datagram(gst::Leg& leg, gst::MediaKind kind, bool on_rtcp_socket, std::span<const std::uint8_t> data,
                       const gst::SocketAddress& from, SteadyTime now);
  void handle_rtp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data, SteadyTime now);
  // A packet out of the leg's receive buffer, in order; `lost_before` were given up on.
  void use_rtp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data, std::uint32_t lost_before,
               SteadyTime now);
  void handle_rtcp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data, SteadyTime now);
  void housekeeping(SteadyTime now);
  void send_reports(gst::Leg& leg, gst::MediaKind kind, SteadyTime now);

  // session_receive.cpp
  bool take_retransmission(gst::Leg& leg, std::span<const std::uint8_t> data, const gst::SocketAddress& from,
                           SteadyTime now);
  void receive_in_order(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data,
                        std::uint16_t sequence, SteadyTime now);
  void drain_received(gst::Leg& leg, gst::MediaKind kind, SteadyTime now);
  void service_receive_buffers(SteadyTime now);

  // session_profile.cpp: a congested receiver moves to a lower shared profile and back
  void adapt_profile(gst::Leg& leg, double loss_percent, SteadyTime now);

  // session_nack.cpp
  void remember_sent(std::size_t profile, std::span<const std::span<const std::uint8_t>> packets);
  void answer_nack(gst::Leg& leg, const std::vector<std::uint16_t>& sequences, SteadyTime now);

  // session_upstream.cpp: what goes up to upstream legs (relay.hpp)
  bool is_upstream(const gst::Leg& leg) const { return leg.options.role == LegRole::upstream; }
  UpstreamFeed upstream_feed_now() const;
  void refeed_upstream(SteadyTime now, bool restart = false);  // the picture's source may change
  void forward_up(std::span<const std::uint8_t> rtp, std::span<const std::uint8_t> payload, SteadyTime now);
  void upstream_asks_keyframe(SteadyTime now);
  std::vector<std::uint8_t> encode_for_upstream(gst::Leg& upstream, const UpstreamFeed& feed);

  // session_audio.cpp
  void audio_loop();
  void mix_tick(SteadyTime now);

  const std::string id_;
  const SessionOptions options_;
  const SocketSource sockets_;
  const std::string bind_address_;

  std::mutex mutex_;
  std::map<std::string, LegPtr> legs_;
  std::vector<std::string> join_order_;
  std::uint64_t legs_version_ = 0;
  std::uint64_t next_leg_number_ = 1;
  LayoutKind layout_;
  std::optional<std::string> floor_holder_;
  std::vector<std::string> speakers_;  // the K loudest, loudest first
  std::vector<std::string> upstream_ids_;  // upstream legs, in join order
  std::optional<std::string> up_video_source_;  // the hall leg whose RTP video is forwarded up
  bool up_awaiting_keyframe_ = true;            // forwarding starts at a keyframe
  SteadyTime up_keyframe_asked_{};
  std::vector<std::uint8_t> up_packet_;         // scratch of forward_up
  std::vector<std::optional<std::string>> slot_owner_;
  std::vector<KeyframeLimiter> keyframe_limiters_;  // one per output profile
  std::vector<SendHistory> video_history_;           // one per output profile, for NACKs
  std::map<std::string, RetransmitBudget> retransmit_budgets_;  // per leg
  HealthEvaluator health_;
  Limiter shared_limiter_;
  std::unique_ptr<gst::OpusEncoderHandle> shared_encoder_;
  std::unique_ptr<gst::Recorder> recorder_;
  SteadyTime last_reports_{};

  std::atomic<std::uint64_t> frames_out_{0};
  std::uint64_t frames_at_last_stats_ = 0;
  SteadyTime last_stats_at_{};
  double last_fps_ = 0.0;
  double cpu_seconds_at_last_stats_ = 0.0;
  double last_cpu_ = 0.0;

  std::unique_ptr<gst::VideoMixer> video_;
  std::atomic<bool> running_{false};
  bool ended_ = false;
  std::thread io_thread_;
  std::thread audio_thread_;
};

}  // namespace media
