#pragma once
// Which shared output profile a congested receiver gets: when its receiver reports show
// sustained loss of what the node sends it, the leg moves to the next lower profile (a
// smaller, cheaper stream, encoded once for every leg that receives it); after sustained
// good reports it moves back up, never above the profile it asked for. Hysteresis on both
// sides (a run of reports, two thresholds) so one bad report does not move it and it does
// not flap at a threshold. Standard library only; fed one report at a time.
#include <cstddef>
#include <vector>

namespace media {

struct ProfileAdapterConfig {
  double congested_loss_percent = 10.0;  // a report above this counts towards moving down
  std::size_t down_after = 3;            // consecutive congested reports
  double good_loss_percent = 2.0;        // a report below this counts towards moving up
  std::size_t up_after = 5;              // consecutive good reports
};

// The profiles from the best to the lowest: their indices ordered by bitrate, highest
// first (ties keep the session's order).
std::vector<std::size_t> profile_ladder(const std::vector<int>& bitrates_kbps);

class ProfileAdapter {
 public:
  // ladder: from profile_ladder; asked: the profile index the leg asked for (in the ladder).
  ProfileAdapter(std::vector<std::size_t> ladder, std::size_t asked, ProfileAdapterConfig config = {});

  // One receiver report: the fraction of what the node sends that the leg lost since its
  // previous report, in percent. Returns the profile index the leg should receive now.
  std::size_t on_report(double loss_percent);
  std::size_t current() const { return ladder_[rung_]; }
  std::size_t asked() const { return ladder_[asked_rung_]; }

 private:
  std::vector<std::size_t> ladder_;
  std::size_t asked_rung_ = 0;
  std::size_t rung_ = 0;
  ProfileAdapterConfig config_;
  std::size_t congested_run_ = 0;
  std::size_t good_run_ = 0;
};

}  // namespace media
