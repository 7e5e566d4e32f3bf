#include "media/downlink_redundancy.hpp"

namespace media {

void DownlinkRedundancy::on_window(double loss_percent, TimePoint now) {
  const bool lossy_now = loss_percent > 0;
  switch (state_) {
    case State::off:
      if (now < blocked_until_ || loss_percent < rule_.on_loss_percent) {
        run_ = 0;
        return;
      }
      loss_before_ = run_ == 0 ? loss_percent : loss_before_ + loss_percent;
      if (++run_ < rule_.on_windows) return;
      loss_before_ /= rule_.on_windows;
      state_ = State::trial;
      run_ = 0;
      trial_sum_ = 0;
      return;
    case State::trial:
      trial_sum_ += loss_percent;
      if (++run_ < rule_.trial_windows) return;
      if (trial_sum_ / rule_.trial_windows >= rule_.congestion * loss_before_) {
        switch_off(now, rule_.blocked_for);  // sending more made it worse: the link is full, not lossy
      } else {
        state_ = State::on;
        run_ = 0;
        last_loss_ = now;  // the quiet spell counts from here
      }
      return;
    case State::on: {
      if (lossy_now) last_loss_ = now;
      recent_.push_back(loss_percent);
      if (recent_.size() > static_cast<std::size_t>(rule_.congestion_windows)) recent_.pop_front();
      double sum = 0;
      for (const double l : recent_) sum += l;
      if (recent_.size() == static_cast<std::size_t>(rule_.congestion_windows) &&
          sum / rule_.congestion_windows >= rule_.congestion * loss_before_) {
        state_ = State::probe;  // worse than before: the copies, or the link?
        loss_with_copies_ = sum / rule_.congestion_windows;
        run_ = 0;
        trial_sum_ = 0;
        recent_.clear();
      } else if (now - last_loss_ >= rule_.quiet_for) {
        switch_off(now, std::chrono::seconds(0));  // the link healed
      }
      return;
    }
    case State::probe: {
      trial_sum_ += loss_percent;
      if (++run_ < rule_.trial_windows) return;
      const double without = trial_sum_ / rule_.trial_windows;
      if (without < loss_with_copies_ / rule_.congestion) {
        switch_off(now, rule_.blocked_for);  // the copies filled the link
      } else {
        state_ = State::on;  // the link got worse by itself: copies help all the more
        loss_before_ = without;
        run_ = 0;
        last_loss_ = now;
      }
      return;
    }
  }
}

void DownlinkRedundancy::switch_off(TimePoint now, std::chrono::seconds pause) {
  state_ = State::off;
  run_ = 0;
  recent_.clear();
  blocked_until_ = now + pause;
}

const char* to_string(DownlinkRedundancy::State state) {
  switch (state) {
    case DownlinkRedundancy::State::off: return "off";
    case DownlinkRedundancy::State::trial: return "trial";
    case DownlinkRedundancy::State::on: return "on";
    case DownlinkRedundancy::State::probe: return "paused to probe";
  }
  return "?";
}

}  // namespace media
