#include "media/health.hpp"

#include <algorithm>

namespace media {
namespace {

constexpr double kMinWindowSeconds = 0.5;

double seconds(SteadyTime::duration d) { return std::chrono::duration<double>(d).count(); }

double percent(std::int64_t lost, std::int64_t expected) {
  if (expected <= 0 || lost <= 0) return 0.0;
  return std::min(100.0, 100.0 * static_cast<double>(lost) / static_cast<double>(expected));
}

// `before` and `dt` describe the window; `held` are the figures of the previous
// window, kept when the window is still too short to say anything.
StreamHealth judge_stream(const StreamCounters& now_c, const StreamCounters* before, double dt,
                          const StreamHealth* held, SteadyTime now) {
  StreamHealth h;
  h.jitter_ms = now_c.jitter_ms;
  h.peer_loss_percent = now_c.peer_loss_percent;
  h.rtt_ms = now_c.rtt_ms;
  h.peer_jitter_ms = now_c.peer_jitter_ms;
  h.loss_percent_total = percent(now_c.lost_in, now_c.expected_in);
  h.loss_percent = h.loss_percent_total;
  if (held) {
    h.bitrate_in_kbps = held->bitrate_in_kbps;
    h.bitrate_out_kbps = held->bitrate_out_kbps;
    h.loss_percent = held->loss_percent;
  } else if (before && dt > 0.0) {
    h.bitrate_in_kbps = 8.0 * static_cast<double>(now_c.bytes_in - before->bytes_in) / dt / 1000.0;
    h.bitrate_out_kbps = 8.0 * static_cast<double>(now_c.bytes_out - before->bytes_out) / dt / 1000.0;
    const std::int64_t expected = now_c.expected_in - before->expected_in;
    if (expected > 0) h.loss_percent = percent(now_c.lost_in - before->lost_in, expected);
  }
  h.loss_grade = grade_loss(std::max(h.loss_percent, h.peer_loss_percent.value_or(0.0)));
  if (now_c.last_packet) h.last_packet_age_ms = seconds(now - *now_c.last_packet) * 1000.0;
  return h;
}

}  // namespace

const char* to_string(LegState state) {
  switch (state) {
    case LegState::connecting: return "connecting";
    case LegState::ok: return "ok";
    case LegState::degraded: return "degraded";
    case LegState::lost: return "lost";
  }
  return "connecting";
}

const char* to_string(LossGrade grade) {
  switch (grade) {
    case LossGrade::good: return "good";
    case LossGrade::ok: return "ok";
    case LossGrade::bad: return "bad";
    case LossGrade::terrible: return "terrible";
  }
  return "good";
}

LossGrade grade_loss(double loss_percent) {
  if (loss_percent < 1.0) return LossGrade::good;
  if (loss_percent < 3.0) return LossGrade::ok;
  if (loss_percent < 10.0) return LossGrade::bad;
  return LossGrade::terrible;
}

HealthEvaluator::HealthEvaluator(Clock clock, HealthThresholds thresholds)
    : clock_(std::move(clock)), thresholds_(thresholds) {}

LegHealth HealthEvaluator::evaluate(const std::string& leg_id, const LegCounters& c) {
  const SteadyTime now = clock_();
  const auto prev_it = previous_.find(leg_id);
  const Previous* prev = prev_it == previous_.end() ? nullptr : &prev_it->second;
  const double dt = prev ? seconds(now - prev->at) : 0.0;
  const bool short_window = prev && dt < kMinWindowSeconds;

  LegHealth h;
  h.video = judge_stream(c.video, prev ? &prev->counters.video : nullptr, dt,
                         short_window ? &prev->health.video : nullptr, now);
  h.audio = judge_stream(c.audio, prev ? &prev->counters.audio : nullptr, dt,
                         short_window ? &prev->health.audio : nullptr, now);
  h.audio_level_dbov = c.audio_level_dbov;
  h.talking = c.talking;
  if (short_window) {
    h.decoded_fps = prev->health.decoded_fps;
  } else if (prev) {
    h.decoded_fps = static_cast<double>(c.frames_decoded - prev->counters.frames_decoded) / dt;
  }
  if (c.video_decoded) {
    const SteadyTime since = c.last_frame.value_or(c.joined);
    h.frozen = now - since > thresholds_.freeze_after;
  }

  std::optional<SteadyTime> last_packet = c.video.last_packet;
  if (c.audio.last_packet && (!last_packet || *c.audio.last_packet > *last_packet)) {
    last_packet = c.audio.last_packet;
  }
  if (!last_packet) {
    h.state = now - c.joined > thresholds_.connecting_grace ? LegState::lost : LegState::connecting;
  } else if (now - *last_packet > thresholds_.lost_after) {
    h.state = LegState::lost;
  } else {
    const auto bad = [&](const StreamHealth& s) {
      return s.loss_percent >= thresholds_.degraded_loss_percent ||
             s.peer_loss_percent.value_or(0.0) >= thresholds_.degraded_loss_percent ||
             s.jitter_ms > thresholds_.degraded_jitter_ms ||
             s.peer_jitter_ms.value_or(0.0) > thresholds_.degraded_jitter_ms;
    };
    h.state = (bad(h.video) || bad(h.audio) || h.frozen) ? LegState::degraded : LegState::ok;
  }
  // Rates need a window: a call soon after the previous one reports that one's figures.
  if (!short_window) previous_[leg_id] = Previous{now, c, h};
  return h;
}

void HealthEvaluator::forget(const std::string& leg_id) { previous_.erase(leg_id); }

}  // namespace media
