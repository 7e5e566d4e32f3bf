// A hostile or broken sender's sequence numbers, timestamps and arrival times fed to the
// RFC 3550 receive statistics (A.1 sequence tracking, A.3 loss, A.8 jitter), then the
// report block the node would send. Each 8-byte record is one packet: sequence (16 bits),
// RTP timestamp (32), arrival delay after the previous packet (16 bits of 0.1 ms, so up
// to 6.5 s); the first bytes pick the clock rate. Properties: the figures stay finite and
// in their ranges, expected() >= 1 once started, the block's fields match the statistics.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "media/rtp_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  static constexpr std::uint32_t kRates[] = {8000, 16000, 48000, 90000};
  const auto pick = in.take<std::uint8_t>();
  // Mostly the node's real rates; sometimes any rate at all (the class takes any).
  const std::uint32_t rate = pick < 0xF0 ? kRates[pick % 4] : in.take<std::uint32_t>();
  media::RtpReceiveStats stats(rate);
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours{24 * 365};
  std::uint32_t reports = 0;
  while (in.left() >= 8) {
    const auto seq = in.take<std::uint16_t>();
    const auto ts = in.take<std::uint32_t>();
    const auto delay = in.take<std::uint16_t>();
    now += std::chrono::microseconds{100} * delay;
    (void)stats.on_packet(seq, ts, now);
    FUZZ_CHECK(stats.started());
    FUZZ_CHECK(stats.expected() >= 1);
    FUZZ_CHECK(std::isfinite(stats.jitter_units()) && stats.jitter_units() >= 0.0);
    FUZZ_CHECK(std::isfinite(stats.jitter_ms()) && stats.jitter_ms() >= 0.0);
    if ((seq & 0x0F) == 0) {  // now and then a report, as the node sends every second
      const auto block = stats.make_report(0xCAFE, ++reports, 0);
      FUZZ_CHECK(block.extended_highest_sequence == stats.extended_highest());
      FUZZ_CHECK(block.cumulative_lost >= -0x800000 && block.cumulative_lost <= 0x7FFFFF);
      FUZZ_CHECK(block.jitter == static_cast<std::uint32_t>(stats.jitter_units()));
    }
  }
  return 0;
}
