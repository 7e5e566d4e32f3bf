// What goes up to an upstream leg: the host hall's RTP video forwarded as it comes (no
// decode, no encode), the host hall's sound alone in its own encode. Which legs feed it is
// the pure rule of relay.hpp; this file only carries it out. Called with mutex_ held.
#include <chrono>

#include "log.hpp"
#include "media/rtp.hpp"
#include "session_impl.hpp"

namespace media {
namespace {
using std::chrono::milliseconds;

void write_ssrc(std::vector<std::uint8_t>& packet, std::uint32_t ssrc) {
  if (packet.size() < 12) return;
  packet[8] = static_cast<std::uint8_t>(ssrc >> 24);
  packet[9] = static_cast<std::uint8_t>(ssrc >> 16);
  packet[10] = static_cast<std::uint8_t>(ssrc >> 8);
  packet[11] = static_cast<std::uint8_t>(ssrc);
}

}  // namespace

UpstreamFeed Session::Impl::upstream_feed_now() const {
  std::vector<FeedCandidate> candidates;
  candidates.reserve(join_order_.size());
  for (const auto& id : join_order_) {
    const gst::Leg& leg = *legs_.at(id);
    candidates.push_back({id, leg.options.role, leg.options.is_host, leg.audio_muted, leg.receiving});
  }
  return upstream_feed(candidates);
}

void Session::Impl::refeed_upstream(SteadyTime t, bool restart) {
  if (upstream_ids_.empty()) {
    up_video_source_.reset();
    return;
  }
  const auto source = upstream_feed_now().video;
  if (source == up_video_source_ && !restart) return;
  up_video_source_ = source;
  up_awaiting_keyframe_ = true;
  up_keyframe_asked_ = t;
  if (source) {
    gst::log_info("session " + id_ + ": " + *source + " is sent up");
    send_keyframe_request(*legs_.at(*source));
  }
}

void Session::Impl::forward_up(std::span<const std::uint8_t> rtp, std::span<const std::uint8_t> payload,
                               SteadyTime t) {
  if (up_awaiting_keyframe_) {
    if (!h264_starts_keyframe(payload)) {
      if (t - up_keyframe_asked_ > milliseconds(1000)) upstream_asks_keyframe(t);
      return;
    }
    up_awaiting_keyframe_ = false;
  }
  for (const auto& id : upstream_ids_) {
    gst::Leg& up = *legs_.at(id);
    if (!up.video.remote_rtp) continue;
    up_packet_.assign(rtp.begin(), rtp.end());
    write_ssrc(up_packet_, up.video.local_ssrc);  // our stream towards it, whoever the host's leg is
    up.video.send_rtp(up_packet_);
    ++up.video.counters.packets_out;
    up.video.counters.bytes_out += up_packet_.size();
  }
}

// The upstream lost the picture (PLI/FIR) or forwarding waits too long for a keyframe: ask
// the host's codec, at most twice a second.
void Session::Impl::upstream_asks_keyframe(SteadyTime t) {
  if (!up_video_source_ || t - up_keyframe_asked_ < milliseconds(500)) return;
  up_keyframe_asked_ = t;
  if (auto it = legs_.find(*up_video_source_); it != legs_.end()) send_keyframe_request(*it->second);
}

std::vector<std::uint8_t> Session::Impl::encode_for_upstream(gst::Leg& upstream, const UpstreamFeed& feed) {
  std::vector<std::span<const std::int16_t>> frames;
  for (const auto& id : feed.audio) frames.emplace_back(legs_.at(id)->frame);
  std::vector<std::int32_t> sum(kFrameSamples);
  std::vector<std::int16_t> out(kFrameSamples);
  mix_sum(frames, sum);
  upstream.limiter.process(sum, out);
  if (!upstream.encoder) upstream.encoder = std::make_unique<gst::OpusEncoderHandle>();
  return upstream.encoder->encode(out);
}

}  // namespace media
