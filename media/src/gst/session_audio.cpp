#include <algorithm>
#include <chrono>

#include "media/rtp.hpp"
#include "session_impl.hpp"

namespace media {
namespace {
using std::chrono::milliseconds;
constexpr double kTalkingDbov = -45.0;
constexpr double kLevelDecayPerTick = 1.5;  // dB per 20 ms: peak-hold that falls 75 dB/s
}  // namespace

void Session::Impl::audio_loop() {
  SteadyTime next = std::chrono::steady_clock::now();
  while (running_) {
    next += milliseconds(20);
    std::this_thread::sleep_until(next);
    const SteadyTime t = std::chrono::steady_clock::now();
    if (t - next > milliseconds(100)) next = t;  // fell far behind (machine busy): do not burst
    std::lock_guard lock(mutex_);
    mix_tick(t);
  }
}

// One 20 ms tick. Cost: one level per leg, K+1 encodes, one send per leg, never N².
void Session::Impl::mix_tick(SteadyTime t) {
  std::vector<SpeakerLevel> levels;
  levels.reserve(legs_.size());
  for (auto& [id, leg] : legs_) {
    leg->inbox.take_frame(leg->frame);
    const double level = level_dbov(leg->frame);
    leg->level_dbov = std::max(level, leg->level_dbov - kLevelDecayPerTick);
    if (level > kTalkingDbov) leg->last_talk = t;
    if (!leg->audio_muted && !is_upstream(*leg)) levels.push_back({id, leg->level_dbov});
  }
  const auto previous_loudest = speakers_.empty() ? std::string() : speakers_.front();
  std::vector<std::string> upstreams;  // the outside meeting is always heard (unless muted)
  for (const auto& id : upstream_ids_)
    if (!legs_.at(id)->audio_muted) upstreams.push_back(id);
  speakers_ = mixed_legs(upstreams, select_loudest(levels, options_.loudest_k, speakers_), options_.loudest_k);
  const UpstreamFeed feed = upstream_ids_.empty() ? UpstreamFeed{} : upstream_feed_now();

  std::vector<std::span<const std::int16_t>> frames;
  for (const auto& id : speakers_) frames.emplace_back(legs_.at(id)->frame);
  std::vector<std::int32_t> total(kFrameSamples), minus(kFrameSamples);
  std::vector<std::int16_t> out(kFrameSamples);
  mix_sum(frames, total);
  shared_limiter_.process(total, out);
  const std::vector<std::uint8_t> shared = shared_encoder_->encode(out);
  if (recorder_) recorder_->push_audio(out);

  std::vector<std::uint8_t> packet;
  for (auto& [id, leg] : legs_) {
    leg->in_mix = std::find(speakers_.begin(), speakers_.end(), id) != speakers_.end();
    std::vector<std::uint8_t> own;
    if (is_upstream(*leg)) {  // the host hall alone goes up
      own = encode_for_upstream(*leg, feed);
    } else if (leg->in_mix) {  // a speaker hears everyone but itself
      mix_minus(total, leg->frame, minus);
      leg->limiter.process(minus, out);
      if (!leg->encoder) leg->encoder = std::make_unique<gst::OpusEncoderHandle>();
      own = leg->encoder->encode(out);
    }
    const auto& payload = leg->in_mix || is_upstream(*leg) ? own : shared;
    const std::uint32_t timestamp = leg->audio_timestamp;
    leg->audio_timestamp += static_cast<std::uint32_t>(kFrameSamples);
    if (!leg->audio.remote_rtp || payload.empty()) continue;
    packet.clear();
    write_rtp_header(packet, leg->audio.payload_type, false, leg->audio_sequence++, timestamp,
                     leg->audio.local_ssrc);
    packet.insert(packet.end(), payload.begin(), payload.end());
    leg->audio.send_rtp(packet);
    ++leg->audio.counters.packets_out;
    leg->audio.counters.bytes_out += packet.size();
  }
  const bool speaker_changed = !speakers_.empty() && speakers_.front() != previous_loudest;
  if (speaker_changed && layout_ == LayoutKind::speaker && !floor_holder_) relayout(t);
}

}  // namespace media
