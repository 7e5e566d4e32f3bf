// The request readers against hostile input the fuzz targets in tests/fuzz/ found: each
// refusal is an HttpError 400, never a crash, and what the service writes it reads back.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http/http_error.hpp"
#include "wire/json_reader.hpp"
#include "wire/time_text.hpp"

namespace wire {
namespace {

int status_of(const std::string& body) {
  try {
    (void)parse_object(body);
    return 200;
  } catch (const api::HttpError& e) {
    return e.status();
  }
}

std::string nested(int depth) {
  return "{\"title\":" + std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']') + "}";
}

// Found with the JSON fuzz target at the 256 KiB body limit: digesting such a body
// (json::dump, for Idempotency-Key) overflowed the stack and killed the process.
TEST(WireInput, BodiesNestedDeeperThanTheLimitAre400) {
  EXPECT_EQ(status_of(nested(120000)), 400);
  EXPECT_EQ(status_of(nested(kMaxDepth)), 400);  // the object around them is one level more
  EXPECT_EQ(status_of("{\"a\":" + std::string(100000, '{')), 400);
}

TEST(WireInput, BodiesWithinTheNestingLimitAreRead) {
  EXPECT_EQ(status_of(nested(kMaxDepth - 1)), 200);
  EXPECT_EQ(status_of(R"({"invite":[{"level":"commune"}],"override":{"rules":["a"]}})"), 200);
}

// Found by the time fuzz target (tests/fuzz/corpus/time_text_fuzz/regression-year-10000-when-written-back):
// 9999-12-31T23:59:59-12:00 was accepted and written back as 10000-01-01T18:59:59+07:00,
// which the service itself then refused.
TEST(WireInput, InstantsThatCannotBeWrittenBackAreRefused) {
  EXPECT_FALSE(parse_instant("9999-12-31T23:59:59-12:00"));
  EXPECT_FALSE(parse_instant("1900-01-01T00:00:00+23:59"));
  EXPECT_TRUE(parse_instant("9999-12-30T23:59:59Z"));
  EXPECT_TRUE(parse_instant("1900-01-02T00:00:00Z"));
}

TEST(WireInput, EveryAcceptedInstantReadsBackFromWhatTheServiceWrites) {
  const sched::FixedOffsetZone zone{std::chrono::hours{7}, "Asia/Ho_Chi_Minh"};
  for (const char* text : {"9999-12-30T23:59:59Z", "1900-01-02T00:00:00Z", "2027-01-11T08:00:00+07:00",
                           "2028-02-29T23:30:00-23:59", "2026-12-31T23:59:60Z"}) {
    const auto t = parse_instant(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(parse_instant(format_instant(*t, zone)), t) << text;
  }
}

}  // namespace
}  // namespace wire
