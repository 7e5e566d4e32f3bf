#include "media/profile_adapter.hpp"

#include <algorithm>
#include <numeric>

namespace media {

std::vector<std::size_t> profile_ladder(const std::vector<int>& bitrates_kbps) {
  std::vector<std::size_t> order(bitrates_kbps.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return bitrates_kbps[a] > bitrates_kbps[b]; });
  return order;
}

ProfileAdapter::ProfileAdapter(std::vector<std::size_t> ladder, std::size_t asked, ProfileAdapterConfig config)
    : ladder_(std::move(ladder)), config_(config) {
  if (ladder_.empty()) ladder_.push_back(asked);
  const auto at = std::find(ladder_.begin(), ladder_.end(), asked);
  asked_rung_ = at == ladder_.end() ? 0 : static_cast<std::size_t>(at - ladder_.begin());
  rung_ = asked_rung_;
}

std::size_t ProfileAdapter::on_report(double loss_percent) {
  if (loss_percent > config_.congested_loss_percent) {
    good_run_ = 0;
    if (++congested_run_ >= config_.down_after && rung_ + 1 < ladder_.size()) {
      ++rung_;
      congested_run_ = 0;
    }
  } else if (loss_percent < config_.good_loss_percent) {
    congested_run_ = 0;
    if (++good_run_ >= config_.up_after && rung_ > asked_rung_) {
      --rung_;
      good_run_ = 0;
    }
  } else {  // between the thresholds: neither run goes on
    congested_run_ = 0;
    good_run_ = 0;
  }
  return current();
}

}  // namespace media
