#pragma once
// Whether a leg's video goes out twice, the copy one frame after the original (temporal
// redundancy, RFC 7198): on a downlink that loses packets at random a retransmission asked
// for by NACK crosses the lossy link twice and often comes too late for the receiver's
// jitter buffer, while a copy sent unasked is lost only when both are (p² instead of p).
// It is the wrong medicine for congestion (twice the packets on a full link), so every
// switch-on is a trial that must show the loss falling; if it does not, the leg is left
// alone for a while.
//
// Loss is what the receiver itself asks for: the sequence numbers its NACKs name, per
// packet sent to it, over windows of about a second (with copies, only packets whose
// copy was lost too). Receiver reports cannot tell it: retransmissions and copies count as
// received, so their fraction lost reads 0; and a receiver that never NACKs cannot show
// whether copies help, so it never gets them.
//
// A jittery link reorders packets and the receiver asks for some that were only late, so
// this "loss" runs above the real one and is noisy from one second to the next; the trial
// therefore only has to show that copies do not make it worse.
//
//   off   --(loss >= on_loss in on_windows windows in a row)--> trial
//   trial --(after trial_windows: average loss >= congestion x the loss before)--> off, not
//            tried again for blocked_for (more packets made it worse: the link is full)
//   trial --(otherwise)--> on
//   on    --(average loss of the last congestion_windows >= congestion x the loss before)--> probe
//   probe (copies paused for trial_windows: is it the copies, or did the link get worse?)
//         --(average loss without copies < the loss with them / congestion)--> off, blocked
//         --(otherwise)--> on, with the loss without copies as the new loss before
//   on    --(no loss at all for quiet_for)--> off (the link healed)
// ("the loss before": the average of the windows that started the trial.)
#include <chrono>
#include <deque>

namespace media {

struct RedundancyRule {
  double on_loss_percent = 5.0;
  int on_windows = 2;
  int trial_windows = 4;
  int congestion_windows = 3;
  double congestion = 1.25;
  std::chrono::seconds quiet_for{30};
  std::chrono::seconds blocked_for{120};
};

class DownlinkRedundancy {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  enum class State { off, trial, on, probe };

  explicit DownlinkRedundancy(RedundancyRule rule = {}) : rule_(rule) {}

  // The loss (percent) the receiver's NACKs showed over the window ending now.
  void on_window(double loss_percent, TimePoint now);
  // Whether copies go out (trial or on).
  bool sending_copies() const { return state_ == State::trial || state_ == State::on; }
  State state() const { return state_; }

 private:
  void switch_off(TimePoint now, std::chrono::seconds pause);

  RedundancyRule rule_;
  State state_ = State::off;
  int run_ = 0;             // windows in a row that count towards the next step
  double loss_before_ = 0;  // the average loss of the windows that started the trial
  double trial_sum_ = 0;
  std::deque<double> recent_;  // while on: the latest windows' loss
  double loss_with_copies_ = 0;  // while probing: what the receiver asked for with copies
  TimePoint last_loss_{};
  TimePoint blocked_until_{};
};

const char* to_string(DownlinkRedundancy::State state);

}  // namespace media
