#include <sys/epoll.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "log.hpp"
#include "media/rtp.hpp"
#include "session_impl.hpp"

namespace media {
namespace {

using std::chrono::milliseconds;
constexpr auto kWakeInterval = std::chrono::milliseconds(5);

std::uint64_t ntp_now() {
  const auto since_unix = std::chrono::system_clock::now().time_since_epoch();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_unix);
  const auto frac = std::chrono::duration_cast<std::chrono::nanoseconds>(since_unix - secs);
  const std::uint64_t ntp_secs = static_cast<std::uint64_t>(secs.count()) + 2208988800ull;
  const std::uint64_t ntp_frac = (static_cast<std::uint64_t>(frac.count()) << 32) / 1000000000ull;
  return (ntp_secs << 32) | ntp_frac;
}

// NTP time of a moment on the steady clock (a report's arrival, read a little later).
std::uint64_t ntp_at(SteadyTime at) {
  const auto ago = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - at);
  const std::uint64_t now = ntp_now();
  if (ago.count() <= 0 || ago > std::chrono::seconds(1)) return now;
  return now - (static_cast<std::uint64_t>(ago.count()) << 32) / 1000000000ull;
}

// The leg's stream is the SSRC it has been sending: RTP with another one (a stranger's
// flood, a stray stream) is dropped, not counted, decoded nor learnt from, until the leg
// has been silent for a second (then a codec that restarted with a new SSRC is taken up).
bool from_a_stranger(const gst::MediaPath& path, std::span<const std::uint8_t> data, SteadyTime t) {
  if (!path.remote_ssrc || !path.counters.last_packet || t - *path.counters.last_packet >= milliseconds(1000)) {
    return false;
  }
  const auto header = parse_rtp(data);
  return header && header->ssrc != *path.remote_ssrc;
}

struct Watched {
  std::shared_ptr<gst::Leg> leg;  // keeps the leg's sockets open while watched
  gst::MediaKind kind;
  bool rtcp_socket;
  int fd;
};

}  // namespace

void Session::Impl::io_loop() {
  // epoll, not poll: a province-wide session has hundreds of sockets, and each
  // wake-up then costs the sockets that are ready, not all of them.
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    gst::log_warn("session " + id_ + ": epoll_create1 failed; no media is received");
    return;
  }
  std::vector<Watched> watched;
  std::vector<epoll_event> events(256);
  std::uint64_t version = ~0ull;
  std::vector<std::uint8_t> buffer(65536);
  SteadyTime next_housekeeping = std::chrono::steady_clock::now();
  SteadyTime last_wake = next_housekeeping;
  while (running_) {
    {
      std::lock_guard lock(mutex_);
      if (version != legs_version_) {  // legs came or went: rebuild the watched set
        version = legs_version_;
        for (const Watched& w : watched) ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, w.fd, nullptr);
        watched.clear();
        for (auto& [id, leg] : legs_) {
          for (auto kind : {gst::MediaKind::video, gst::MediaKind::audio}) {
            gst::MediaPath& path = leg->path(kind);
            watched.push_back({leg, kind, false, path.rtp.fd()});
            if (path.rtcp) watched.push_back({leg, kind, true, path.rtcp->fd()});
          }
        }
        for (std::size_t i = 0; i < watched.size(); ++i) {
          epoll_event event{};
          event.events = EPOLLIN;
          event.data.u64 = i;
          ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, watched[i].fd, &event);
        }
      }
    }
    // At most one wake-up per 5 ms: packets that arrive meanwhile wait in the socket
    // buffers and are read together (a thread switch per packet costs more than the packet;
    // the kernel stamps each arrival, so jitter and RTT stay exact). Adds at most 5 ms.
    std::this_thread::sleep_until(last_wake + kWakeInterval);
    const int ready = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 10);
    const SteadyTime t = std::chrono::steady_clock::now();
    last_wake = t;
    for (int e = 0; e < ready; ++e) {
      const Watched& w = watched[events[static_cast<std::size_t>(e)].data.u64];
      gst::MediaPath& path = w.kind == gst::MediaKind::video ? w.leg->video : w.leg->audio;
      const gst::UdpSocket& socket = w.rtcp_socket ? *path.rtcp : path.rtp;
      for (int burst = 0; burst < 64; ++burst) {
        gst::SocketAddress from;
        SteadyTime arrived = t;
        const long n = socket.receive(buffer, from, &arrived);
        if (n <= 0) break;
        std::lock_guard lock(mutex_);
        if (!legs_.count(w.leg->id)) break;  // removed meanwhile
        handle_datagram(*w.leg, w.kind, w.rtcp_socket, {buffer.data(), static_cast<std::size_t>(n)}, from,
                        arrived);
      }
    }
    {
      std::lock_guard lock(mutex_);
      service_receive_buffers(t);  // gaps given up on, NACKs due
    }
    if (video_) video_->decode_queued();  // one wake-up of the decoders for all frames completed above
    if (t >= next_housekeeping) {
      next_housekeeping = t + milliseconds(100);
      std::lock_guard lock(mutex_);
      housekeeping(t);
    }
  }
  ::close(epoll_fd);
}

void Session::Impl::handle_datagram(gst::Leg& leg, gst::MediaKind kind, bool on_rtcp_socket,
                                    std::span<const std::uint8_t> data, const gst::SocketAddress& from,
                                    SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  const bool is_rtcp = on_rtcp_socket || (path.muxed && looks_like_rtcp(data));
  std::vector<std::uint8_t> clear;
  if (path.srtp_in) {
    clear.assign(data.begin(), data.end());
    if (!path.unprotect(clear, is_rtcp)) {
      if (path.malformed++ % 1000 == 0) gst::log_warn(leg.id + ": SRTP packet failed authentication, dropped");
      return;  // nor is its source learnt: a forged packet must not redirect the leg
    }
    data = clear;
  }
  if (is_rtcp) {
    if (on_rtcp_socket) path.learn_rtcp_source(from);
    handle_rtcp(leg, kind, data, t);
    return;
  }
  if (kind == gst::MediaKind::video && take_retransmission(leg, data, from, t)) return;
  if (from_a_stranger(path, data, t)) {
    if (path.malformed++ % 1000 == 0) gst::log_warn(leg.id + ": RTP from another SSRC ignored");
    return;
  }
  path.learn_rtp_source(from);
  handle_rtp(leg, kind, data, t);
}

void Session::Impl::handle_rtp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data,
                               SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  const auto header = parse_rtp(data);
  if (!header) {
    if (path.malformed++ % 1000 == 0) gst::log_warn(leg.id + ": malformed RTP packet ignored");
    return;
  }
  path.stats.on_packet(header->sequence, header->timestamp, t);
  if (path.remote_ssrc && *path.remote_ssrc != header->ssrc) {  // a new sender
    path.receive.reset();
    path.rtx.forget();
  }
  path.remote_ssrc = header->ssrc;
  ++path.counters.packets_in;
  path.counters.bytes_in += data.size();
  path.counters.last_packet = t;
  path.remote_payload_type = header->payload_type;
  leg.last_media = t;
  // The host hall's picture goes up as it arrives, whether or not it has a tile here.
  if (kind == gst::MediaKind::video && up_video_source_ == leg.id)
    forward_up(data, data.subspan(header->payload_offset, header->payload_size), t);
  // Decode only what is shown: an invisible leg is counted above, nothing more.
  if (kind == gst::MediaKind::video && !leg.slot) return;
  receive_in_order(leg, kind, data, header->sequence, t);
}

void Session::Impl::use_rtp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data,
                            std::uint32_t lost_before, SteadyTime t) {
  const auto header = parse_rtp(data);
  if (!header) return;
  const auto payload = data.subspan(header->payload_offset, header->payload_size);

  if (kind == gst::MediaKind::video) {
    if (!leg.slot) return;
    if (leg.awaiting_keyframe) {
      if (!h264_starts_keyframe(payload)) return;
      leg.awaiting_keyframe = false;
    }
    // A decoder that fell behind dropped a frame: wait for (and ask for) a keyframe.
    if (!video_->push_rtp(*leg.slot, *header, payload)) request_keyframe_from(leg, t);
    return;
  }
  leg.decoded.clear();
  // Packets given up on: the last from this packet's in-band FEC, those before concealed.
  if (lost_before > 0 && !payload.empty()) leg.decoder.recover(payload, lost_before, leg.decoded);
  if (!payload.empty() && leg.decoder.decode(payload, leg.decoded)) leg.inbox.push(leg.decoded);
}

void Session::Impl::handle_rtcp(gst::Leg& leg, gst::MediaKind kind, std::span<const std::uint8_t> data,
                                SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  const auto rtcp = parse_rtcp(data);
  if (!rtcp) {
    if (path.malformed++ % 1000 == 0) gst::log_warn(leg.id + ": malformed RTCP packet ignored");
    return;
  }
  path.counters.last_packet = t;
  if (rtcp->sender) {
    path.peer_last_sr = compact_ntp(rtcp->sender->ntp);
    path.peer_last_sr_at = t;
  }
  const bool upstream = is_upstream(leg);  // its video is the host's, forwarded: not the composite's
  const std::uint32_t ours =
      kind == gst::MediaKind::video && video_ && !upstream ? video_->output_ssrc(leg.profile) : path.local_ssrc;
  for (const auto& block : rtcp->reports) {
    if (block.ssrc != ours) continue;
    path.counters.peer_loss_percent = 100.0 * block.fraction_lost / 256.0;
    if (const auto rtt = rtt_ms(compact_ntp(ntp_at(t)), block)) path.counters.rtt_ms = rtt;
    if (kind == gst::MediaKind::video && !upstream) adapt_profile(leg, *path.counters.peer_loss_percent, t);
  }
  if (upstream) {  // the history holds the composite's packets, not what it was sent
    if (kind == gst::MediaKind::video && (rtcp->picture_loss || rtcp->full_intra)) upstream_asks_keyframe(t);
    return;
  }
  if (kind == gst::MediaKind::video && !rtcp->nacked.empty()) answer_nack(leg, rtcp->nacked, t);
  if (video_ && kind == gst::MediaKind::video && (rtcp->picture_loss || rtcp->full_intra)) {
    // A receiver lost the picture: the shared encoder makes a keyframe, rate-limited.
    if (keyframe_limiters_[leg.profile].request(t)) video_->force_keyframe(leg.profile);
  }
}

void Session::Impl::request_keyframe_from(gst::Leg& leg, SteadyTime t) {
  leg.awaiting_keyframe = true;
  leg.keyframe_requested_at = t;
  send_keyframe_request(leg);
}

void Session::Impl::send_keyframe_request(gst::Leg& leg) {
  const auto to = leg.video.rtcp_destination();
  if (!to) return;  // nothing heard yet: the first packets will be waited on for a keyframe
  std::vector<std::uint8_t> packet;
  append_receiver_report(packet, leg.video.local_ssrc, {});
  const std::uint32_t media = leg.video.remote_ssrc.value_or(0);
  append_pli(packet, leg.video.local_ssrc, media);
  append_fir(packet, leg.video.local_ssrc, media, leg.fir_sequence++);
  leg.video.send_rtcp(packet, *to);
}

void Session::Impl::send_reports(gst::Leg& leg, gst::MediaKind kind, SteadyTime t) {
  gst::MediaPath& path = leg.path(kind);
  const auto to = path.rtcp_destination();
  if (!to) return;
  std::vector<ReportBlock> blocks;
  if (path.remote_ssrc && path.stats.started()) {
    std::uint32_t lsr = 0, dlsr = 0;
    if (path.peer_last_sr) {
      lsr = *path.peer_last_sr;
      dlsr = static_cast<std::uint32_t>(std::chrono::duration<double>(t - path.peer_last_sr_at).count() * 65536.0);
    }
    blocks.push_back(path.stats.make_report(*path.remote_ssrc, lsr, dlsr));
  }
  std::vector<std::uint8_t> packet;
  if (path.counters.packets_out > 0) {
    SenderInfo info;
    info.ssrc = kind == gst::MediaKind::video && video_ && !is_upstream(leg) ? video_->output_ssrc(leg.profile)
                                                                             : path.local_ssrc;
    info.ntp = ntp_now();
    info.packet_count = static_cast<std::uint32_t>(path.counters.packets_out);
    info.octet_count = static_cast<std::uint32_t>(path.counters.bytes_out);
    append_sender_report(packet, info, blocks);
  } else {
    append_receiver_report(packet, path.local_ssrc, blocks);
  }
  path.send_rtcp(packet, *to);
}

void Session::Impl::housekeeping(SteadyTime t) {
  const bool report_now = t - last_reports_ >= milliseconds(1000);
  if (report_now) last_reports_ = t;
  bool receiving_changed = false;
  for (auto& [id, leg_ptr] : legs_) {
    gst::Leg& leg = *leg_ptr;
    // Within 2 s, so a short gap does not move the hall's tile to another of its legs.
    const bool receiving = leg.last_media && t - *leg.last_media < milliseconds(2000);
    receiving_changed |= receiving != leg.receiving;
    leg.receiving = receiving;
    if (leg.slot) {
      // A shown leg that sends nothing for a second gets a 'no signal' tile, not a frozen frame.
      const SteadyTime last = leg.last_frame.value_or(leg.shown_since);
      if (t - last > milliseconds(1000)) video_->show_no_signal(*leg.slot);
      if (leg.awaiting_keyframe && t - leg.keyframe_requested_at > milliseconds(1000)) {
        request_keyframe_from(leg, t);
      }
    }
    if (report_now) {
      send_reports(leg, gst::MediaKind::video, t);
      send_reports(leg, gst::MediaKind::audio, t);
    }
  }
  if (receiving_changed) refeed_upstream(t);  // the host's picture comes on another of its legs
  if (!video_) return;
  if (receiving_changed) relayout(t);  // a hall's tile goes to the leg its media comes on
  for (std::size_t p = 0; p < keyframe_limiters_.size(); ++p) {
    if (keyframe_limiters_[p].poll(t)) video_->force_keyframe(p);
  }
  for (const auto& message : video_->drain_bus()) gst::log_warn("session " + id_ + ": " + message);
}

}  // namespace media
