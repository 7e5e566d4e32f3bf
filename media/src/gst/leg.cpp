#include "leg.hpp"

#include <arpa/inet.h>

#include <random>

#include "log.hpp"
#include "media/base64.hpp"

namespace media::gst {
namespace {

SocketAddress with_port(SocketAddress a, std::uint16_t port) {
  if (a.storage.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&a.storage)->sin_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in6*>(&a.storage)->sin6_port = htons(port);
  }
  return a;
}

std::uint16_t port_of(const SocketAddress& a) {
  return a.storage.ss_family == AF_INET ? ntohs(reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_port)
                                        : ntohs(reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_port);
}

std::uint32_t random32() {
  static thread_local std::mt19937 gen{std::random_device{}()};
  return static_cast<std::uint32_t>(gen());
}

}  // namespace

MediaPath::MediaPath(UdpSocket rtp_socket, std::optional<UdpSocket> rtcp_socket, std::uint32_t clock_rate,
                     const MediaTransport& transport, std::uint32_t ssrc)
    : rtp(std::move(rtp_socket)),
      rtcp(std::move(rtcp_socket)),
      muxed(transport.rtcp_mux),
      stats(clock_rate),
      local_ssrc(ssrc),
      payload_type(transport.payload_type) {
  if (transport.srtp) {
    auto key = [](const std::string& text) {
      auto bytes = base64_decode(text);
      if (!bytes) throw InvalidInput("SRTP keys must be base64");
      return *bytes;
    };
    srtp_in = std::make_unique<SrtpStream>(key(transport.srtp->receive_key), SrtpStream::Direction::inbound);
    srtp_out = std::make_unique<SrtpStream>(key(transport.srtp->send_key), SrtpStream::Direction::outbound);
  }
  if (transport.remote_rtp) {
    fixed_remote = true;
    remote_rtp = make_address(transport.remote_rtp->address, transport.remote_rtp->port);
    if (transport.remote_rtcp) {
      remote_rtcp = make_address(transport.remote_rtcp->address, transport.remote_rtcp->port);
    }
  }
}

std::optional<SocketAddress> MediaPath::rtcp_destination() const {
  if (remote_rtcp) return remote_rtcp;
  if (!remote_rtp) return std::nullopt;
  if (muxed) return remote_rtp;
  return with_port(*remote_rtp, static_cast<std::uint16_t>(port_of(*remote_rtp) + 1));
}

void MediaPath::learn_rtp_source(const SocketAddress& from) {
  rtp_source = from;
  if (fixed_remote) return;
  remote_rtp = from;
  if (muxed) remote_rtcp = from;
}

// The shared video encode is payloaded once with the default payload type; a leg that
// asked for another gets a copy with its own.
bool MediaPath::foreign_payload_type(std::span<const std::uint8_t> packet) const {
  return packet.size() > 1 && (packet[1] & 0x7f) != payload_type;
}

void MediaPath::send_rtp(std::span<const std::uint8_t> packet) {
  if (!remote_rtp) return;
  if (!srtp_out && !foreign_payload_type(packet)) {
    rtp.send(packet, *remote_rtp);
    return;
  }
  scratch.assign(packet.begin(), packet.end());
  if (scratch.size() > 1) scratch[1] = static_cast<std::uint8_t>((scratch[1] & 0x80) | (payload_type & 0x7f));
  if (!srtp_out || srtp_out->protect(scratch, false)) rtp.send(scratch, *remote_rtp);
}

void MediaPath::send_rtp_many(std::span<const std::span<const std::uint8_t>> packets) {
  if (!remote_rtp) return;
  if (!srtp_out && (packets.empty() || !foreign_payload_type(packets.front()))) {
    rtp.send_many(packets, *remote_rtp);
    return;
  }
  for (const auto packet : packets) send_rtp(packet);
}

void MediaPath::send_rtcp(std::span<const std::uint8_t> packet, const SocketAddress& to) {
  if (!srtp_out) {
    rtcp_socket().send(packet, to);
    return;
  }
  scratch.assign(packet.begin(), packet.end());
  if (srtp_out->protect(scratch, true)) rtcp_socket().send(scratch, to);
}

bool MediaPath::unprotect(std::vector<std::uint8_t>& packet, bool is_rtcp) {
  return !srtp_in || srtp_in->unprotect(packet, is_rtcp);
}

void MediaPath::learn_rtcp_source(const SocketAddress& from) {
  if (fixed_remote) return;
  remote_rtcp = from;
}

Leg::Leg(std::string leg_id, LegOptions leg_options, std::size_t output_profile, SteadyTime now,
         MediaPath video_path, MediaPath audio_path)
    : id(std::move(leg_id)),
      options(std::move(leg_options)),
      profile(output_profile),
      joined(now),
      video(std::move(video_path)),
      audio(std::move(audio_path)),
      audio_sequence(static_cast<std::uint16_t>(random32())),
      audio_timestamp(random32()) {
  // Audio is not asked for again (its own FEC covers a lost packet): only reordering waits.
  audio.receive = ReceiveBuffer({.max_delay = std::chrono::milliseconds(100), .nack = false});
}

Leg::~Leg() {
  const auto& v = video.receive.counters();
  const auto& a = audio.receive.counters();
  if (v.lost + v.nacked + a.lost + video.counters.rtx_dropped == 0) return;
  log_info(id + " received: video " + std::to_string(v.released) + " packets, " + std::to_string(v.nacked) +
           " NACKed, " + std::to_string(v.recovered) + " recovered, " + std::to_string(v.lost) + " given up, " +
           std::to_string(v.late) + " late, RTX " + std::to_string(video.counters.rtx_in) + " taken, " +
           std::to_string(video.counters.rtx_dropped) + " refused; audio " + std::to_string(a.released) + " packets, " +
           std::to_string(a.lost) + " given up (FEC/concealed), " + std::to_string(a.late) + " late");
}

}  // namespace media::gst
