#pragma once
// Leg health: probes count (media_gst), this pure evaluator judges.
// Time comes from an injected clock so the judgement is testable without sleeps.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace media {

using SteadyTime = std::chrono::steady_clock::time_point;
using Clock = std::function<SteadyTime()>;

enum class LegState { connecting, ok, degraded, lost };
enum class LossGrade { good, ok, bad, terrible };

const char* to_string(LegState state);
const char* to_string(LossGrade grade);
// < 1 % good, < 3 % ok, < 10 % bad, else terrible.
LossGrade grade_loss(double loss_percent);

// Raw, ever-growing counters for one direction of one medium of a leg.
struct StreamCounters {
  std::uint64_t packets_in = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t packets_out = 0;
  std::uint64_t bytes_out = 0;
  std::int64_t expected_in = 0;  // from sequence numbers (RFC 3550 A.3)
  std::int64_t lost_in = 0;
  double jitter_ms = 0.0;
  std::optional<SteadyTime> last_packet;
  std::optional<double> peer_loss_percent;  // from the peer's receiver reports
  std::optional<double> rtt_ms;             // from the peer's receiver reports
  std::optional<double> peer_jitter_ms;     // from the peer's receiver reports
  std::uint64_t rtx_in = 0;       // RTX packets (RFC 4588) taken as repairs (video)
  std::uint64_t rtx_dropped = 0;  // RTX packets refused: unknown SSRC or address, not negotiated
};

struct LegCounters {
  StreamCounters video;
  StreamCounters audio;
  bool video_decoded = false;  // the leg is visible, so its video is decoded
  std::uint64_t frames_decoded = 0;
  std::optional<SteadyTime> last_frame;
  double audio_level_dbov = -127.0;
  bool talking = false;
  SteadyTime joined{};
};

struct StreamHealth {
  double bitrate_in_kbps = 0.0;
  double bitrate_out_kbps = 0.0;
  double loss_percent = 0.0;             // over the last evaluation window
  double loss_percent_total = 0.0;       // since the start
  LossGrade loss_grade = LossGrade::good;
  double jitter_ms = 0.0;
  std::optional<double> peer_loss_percent;
  std::optional<double> rtt_ms;
  std::optional<double> peer_jitter_ms;
  std::optional<double> last_packet_age_ms;
};

struct LegHealth {
  LegState state = LegState::connecting;
  StreamHealth video;
  StreamHealth audio;
  double decoded_fps = 0.0;
  bool frozen = false;  // decoded, yet no new frame for over freeze_after
  double audio_level_dbov = -127.0;
  bool talking = false;
};

struct HealthThresholds {
  std::chrono::milliseconds freeze_after{1000};
  std::chrono::milliseconds lost_after{3000};
  std::chrono::milliseconds connecting_grace{10000};
  double degraded_loss_percent = 3.0;  // "bad" or worse degrades the leg
  double degraded_jitter_ms = 50.0;
};

class HealthEvaluator {
 public:
  explicit HealthEvaluator(Clock clock, HealthThresholds thresholds = {});
  // Judges one leg; rates and window loss cover the time since this leg's previous
  // judgement at least 0.5 s ago (calls in between repeat that window's figures).
  LegHealth evaluate(const std::string& leg_id, const LegCounters& counters);
  void forget(const std::string& leg_id);

 private:
  struct Previous {
    SteadyTime at;
    LegCounters counters;
    LegHealth health;
  };
  Clock clock_;
  HealthThresholds thresholds_;
  std::map<std::string, Previous> previous_;
};

}  // namespace media
