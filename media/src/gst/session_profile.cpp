// A hall whose receiver reports show sustained loss of the composite it receives is moved to
// the next lower shared output profile (one encode for every leg of a profile: moving costs
// no encoder), and back up after sustained good reports; the decision is the pure
// ProfileAdapter's (media/profile_adapter.hpp). The leg then gets the other profile's
// stream (its own SSRC and sequence numbers) from its next keyframe, asked for at once
// through that profile's keyframe limit; NACKs are answered from that profile's history.
#include <cmath>

#include "log.hpp"
#include "session_impl.hpp"

namespace media {

void Session::Impl::adapt_profile(gst::Leg& leg, double loss_percent, SteadyTime t) {
  if (!leg.adapter || !video_) return;
  const std::size_t next = leg.adapter->on_report(loss_percent);
  if (next == leg.profile || next >= options_.outputs.size()) return;
  gst::log_info("session " + id_ + ": " + leg.id + " receives " + options_.outputs[next].name + " (was " +
                options_.outputs[leg.profile].name + "; its report: " +
                std::to_string(static_cast<int>(std::lround(loss_percent))) + " % lost)");
  leg.profile = next;
  leg.video.counters.peer_loss_percent.reset();  // it described the other profile's stream
  leg.copies_due.clear();                         // so were they: never resent into the new stream
  if (keyframe_limiters_[next].request(t)) video_->force_keyframe(next);
}

}  // namespace media
