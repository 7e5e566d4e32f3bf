#include "media/rtp_stats.hpp"

#include <algorithm>
#include <cmath>

namespace media {
namespace {
constexpr std::uint32_t kSeqMod = 1u << 16;
constexpr int kMaxDropout = 3000;
constexpr int kMaxMisorder = 100;
}  // namespace

RtpReceiveStats::RtpReceiveStats(std::uint32_t clock_rate) : clock_rate_(clock_rate) {}

void RtpReceiveStats::reset_sequence(std::uint16_t sequence) {
  base_seq_ = sequence;
  max_seq_ = sequence;
  bad_seq_ = kSeqMod + 1;
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
}

bool RtpReceiveStats::on_packet(std::uint16_t seq, std::uint32_t rtp_timestamp, TimePoint arrival) {
  if (!started_) {
    started_ = true;
    epoch_ = arrival;
    reset_sequence(seq);
    max_seq_ = seq;
  } else {
    const std::uint16_t udelta = static_cast<std::uint16_t>(seq - max_seq_);
    if (udelta < kMaxDropout) {
      if (seq < max_seq_) cycles_ += kSeqMod;  // wrapped
      max_seq_ = seq;
    } else if (udelta <= kSeqMod - kMaxMisorder) {
      // A big jump: accept only when the next packet confirms it (A.1).
      if (seq == bad_seq_) {
        reset_sequence(seq);
        have_transit_ = false;
      } else {
        bad_seq_ = (static_cast<std::uint32_t>(seq) + 1) & (kSeqMod - 1);
        return false;
      }
    }
    // else: duplicate or reordered packet; counted below.
  }
  ++received_;

  // Interarrival jitter (A.8), in timestamp units.
  const double arrival_units =
      std::chrono::duration<double>(arrival - epoch_).count() * static_cast<double>(clock_rate_);
  const std::int64_t transit = static_cast<std::int64_t>(arrival_units) - static_cast<std::int64_t>(rtp_timestamp);
  if (have_transit_) {
    std::int64_t d = transit - last_transit_;
    // Timestamps are 32-bit: fold the difference back to a sane range.
    d = static_cast<std::int32_t>(static_cast<std::uint32_t>(d));
    jitter_ += (std::abs(static_cast<double>(d)) - jitter_) / 16.0;
  }
  last_transit_ = transit;
  have_transit_ = true;
  return true;
}

std::int64_t RtpReceiveStats::expected() const {
  if (!started_) return 0;
  return static_cast<std::int64_t>(extended_highest()) - static_cast<std::int64_t>(base_seq_) + 1;
}

std::int64_t RtpReceiveStats::lost() const {
  return expected() - static_cast<std::int64_t>(received_);
}

double RtpReceiveStats::jitter_ms() const {
  return clock_rate_ == 0 ? 0.0 : jitter_ * 1000.0 / clock_rate_;
}

ReportBlock RtpReceiveStats::make_report(std::uint32_t source_ssrc, std::uint32_t last_sr,
                                         std::uint32_t delay_since_last_sr) {
  ReportBlock b;
  b.ssrc = source_ssrc;
  const std::int64_t expected_interval = expected() - expected_prior_;
  const std::int64_t received_interval = static_cast<std::int64_t>(received_ - received_prior_);
  const std::int64_t lost_interval = expected_interval - received_interval;
  expected_prior_ = expected();
  received_prior_ = received_;
  b.fraction_lost = (expected_interval <= 0 || lost_interval <= 0)
                        ? 0
                        : static_cast<std::uint8_t>(std::min<std::int64_t>(255, (lost_interval << 8) / expected_interval));
  b.cumulative_lost = static_cast<std::int32_t>(std::clamp<std::int64_t>(lost(), -0x800000, 0x7FFFFF));
  b.extended_highest_sequence = extended_highest();
  b.jitter = static_cast<std::uint32_t>(jitter_);
  b.last_sr = last_sr;
  b.delay_since_last_sr = delay_since_last_sr;
  return b;
}

}  // namespace media
