// RFC 3339 text as clients send it (start, end, sent_at, from/to, as_of): parse_instant and
// parse_date must refuse or accept without UB, and what is accepted must survive the way
// back: the service writes an instant in the province's zone, and a client that sends that
// text back (a PATCH merges the stored meeting's own fields) must read the same instant.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "wire/time_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const sched::FixedOffsetZone zone{std::chrono::hours{7}, "Asia/Ho_Chi_Minh"};

  if (const auto date = wire::parse_date(text)) {
    FUZZ_CHECK(date->ok());
    FUZZ_CHECK(wire::parse_date(wire::format_date(*date)) == date);
  }
  if (const auto instant = wire::parse_instant(text)) {
    const auto written = wire::format_instant(*instant, zone);
    FUZZ_CHECK(wire::parse_instant(written) == instant);
  }
  return 0;
}
