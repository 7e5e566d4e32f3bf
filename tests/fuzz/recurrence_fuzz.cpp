// RRULE text as a client sends it in a booking's "recurrence" (at most 500 characters),
// expanded through libical from a first meeting chosen by the first bytes. Either a typed
// refusal (sched::InvalidInput) or a series that keeps expand_recurrence's promises:
// it starts with the first meeting, every occurrence is as long as the first, they are in
// order and never overlap, and there are no more than asked for.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "ical/recurrence.hpp"
#include "scheduler/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const sched::FixedOffsetZone zone{std::chrono::hours{7}, "Asia/Ho_Chi_Minh"};
  FuzzInput in(data, size);
  // A first meeting between 2021 and about 2030, starting on a minute, up to a day long.
  const auto start = sched::Instant{std::chrono::seconds{1609459200}} + std::chrono::minutes{in.take<std::uint32_t>() % (10u * 366 * 24 * 60)};
  const auto length = std::chrono::minutes{1 + in.take<std::uint16_t>() % (24 * 60)};
  const std::size_t max_occurrences = 1 + in.take<std::uint8_t>() % 366;
  const auto rest = in.rest();
  const std::string rule(rest.begin(), rest.end());
  if (rule.size() > 500) return 0;  // the request reader refuses longer rules

  const sched::Interval first{start, start + length};
  try {
    const auto series = sched::expand_recurrence(rule, first, zone, max_occurrences);
    FUZZ_CHECK(!series.empty() && series.size() <= max_occurrences);
    FUZZ_CHECK(series.front() == first);
    for (std::size_t i = 0; i < series.size(); ++i) {
      FUZZ_CHECK(series[i].length() == first.length());
      if (i > 0) FUZZ_CHECK(series[i - 1].end <= series[i].start);
    }
  } catch (const sched::InvalidInput& e) {
    FUZZ_CHECK(e.field() == "recurrence");
  }
  return 0;
}
