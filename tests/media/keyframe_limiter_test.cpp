#include "media/keyframe_limiter.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {
using namespace std::chrono_literals;

TEST(KeyframeLimiter, FirstRequestPassesAtOnce) {
  KeyframeLimiter limiter(500ms);
  EXPECT_TRUE(limiter.request(std::chrono::steady_clock::time_point{} + 10s));
}

TEST(KeyframeLimiter, BurstOfRequestsGivesOneNowAndOneDeferred) {
  KeyframeLimiter limiter(500ms);
  const auto t0 = std::chrono::steady_clock::time_point{} + 10s;
  EXPECT_TRUE(limiter.request(t0));
  for (int i = 1; i < 10; ++i) EXPECT_FALSE(limiter.request(t0 + i * 10ms));
  EXPECT_FALSE(limiter.poll(t0 + 400ms));
  EXPECT_TRUE(limiter.poll(t0 + 500ms));
  EXPECT_FALSE(limiter.poll(t0 + 2s));  // nothing pending any more
}

}  // namespace
}  // namespace media
