#pragma once
// Receive statistics for one RTP source, RFC 3550 appendix A.1, A.3 and A.8.
#include <chrono>
#include <cstdint>

#include "media/rtp.hpp"

namespace media {

class RtpReceiveStats {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit RtpReceiveStats(std::uint32_t clock_rate);

  // Returns false for a packet judged out of the source's sequence space
  // (a large jump, not yet confirmed by a second packet).
  bool on_packet(std::uint16_t sequence, std::uint32_t rtp_timestamp, TimePoint arrival);

  std::uint64_t received() const { return received_; }
  std::uint32_t extended_highest() const { return cycles_ + max_seq_; }
  std::int64_t expected() const;
  std::int64_t lost() const;          // cumulative, may be negative with duplicates
  double jitter_units() const { return jitter_; }
  double jitter_ms() const;
  bool started() const { return started_; }

  // A report block for this source; moves the "since last report" window (A.3).
  ReportBlock make_report(std::uint32_t source_ssrc, std::uint32_t last_sr,
                          std::uint32_t delay_since_last_sr);

 private:
  void reset_sequence(std::uint16_t sequence);

  std::uint32_t clock_rate_;
  bool started_ = false;
  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;
  std::uint32_t base_seq_ = 0;
  std::uint32_t bad_seq_ = 1u << 17;
  std::uint64_t received_ = 0;
  std::int64_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  double jitter_ = 0.0;
  bool have_transit_ = false;
  std::int64_t last_transit_ = 0;
  TimePoint epoch_{};
};

}  // namespace media
