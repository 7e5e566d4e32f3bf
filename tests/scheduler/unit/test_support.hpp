#pragma once
// Shared helpers of the scheduler unit tests: the shipped policy and local times in Vietnam.
#include <chrono>

#include "json/policy_json.hpp"
#include "scheduler/policy.hpp"
#include "scheduler/time.hpp"

namespace sched::test {

using namespace std::chrono_literals;

inline const Policy& shipped_policy() {
  static const Policy policy = load_policy_file(MEETINGD_SOURCE_DIR "/scheduler/policy/decree45.json");
  return policy;
}

inline const TimeZone& vietnam() {
  static const FixedOffsetZone zone{std::chrono::hours{7}, "Asia/Ho_Chi_Minh"};
  return zone;
}

// The instant of a local wall-clock time in Vietnam (UTC+7).
inline Instant at(Date day, std::chrono::hours h, std::chrono::minutes m = std::chrono::minutes{0}) {
  return vietnam().to_instant(std::chrono::local_days{day} + h + m);
}

}  // namespace sched::test
