#pragma once
// Rate limit for keyframe requests: at most one per interval; a request inside
// the interval is remembered and honoured when the interval ends (poll).
#include <chrono>
#include <optional>

namespace media {

// A shared encoder (one per output profile, every leg of that profile receives it) makes
// at most one keyframe per this interval on its receivers' PLI/FIR, so one hall on a lossy
// link cannot fill everybody's link with keyframes.
inline constexpr std::chrono::milliseconds kForcedKeyframeInterval{500};

class KeyframeLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit KeyframeLimiter(std::chrono::milliseconds interval) : interval_(interval) {}

  // True when a keyframe should be forced now.
  bool request(TimePoint now);
  // True when a deferred request is now due.
  bool poll(TimePoint now);

 private:
  std::chrono::milliseconds interval_;
  std::optional<TimePoint> last_;
  bool pending_ = false;
};

}  // namespace media
