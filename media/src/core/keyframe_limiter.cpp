#include "media/keyframe_limiter.hpp"

namespace media {

bool KeyframeLimiter::request(TimePoint now) {
  if (!last_ || now - *last_ >= interval_) {
    last_ = now;
    pending_ = false;
    return true;
  }
  pending_ = true;
  return false;
}

bool KeyframeLimiter::poll(TimePoint now) {
  if (!pending_ || (last_ && now - *last_ < interval_)) return false;
  pending_ = false;
  last_ = now;
  return true;
}

}  // namespace media
