// Retransmission of the composite on a receiver's generic NACK (RFC 4585): each output
// profile's last packets are kept as sent (every leg of a profile gets the same packets,
// same SSRC and sequence numbers), and a lost one is sent again to the leg that asked,
// as it was (same SSRC and sequence number: its jitter buffer slots it in where the
// packet was missing). Bounded per leg by a RetransmitBudget, so a forged or runaway
// NACK cannot turn the node into an amplifier.
#include "session_impl.hpp"

namespace media {
namespace {
constexpr std::size_t kHistoryPackets = 512;     // a few seconds at the profiles' rates
constexpr std::size_t kRetransmitsPerSecond = 200;  // per leg
}  // namespace

void Session::Impl::remember_sent(std::size_t profile, std::span<const std::span<const std::uint8_t>> packets) {
  while (video_history_.size() <= profile) video_history_.emplace_back(kHistoryPackets);
  for (const auto packet : packets) video_history_[profile].store(packet);
}

void Session::Impl::answer_nack(gst::Leg& leg, const std::vector<std::uint16_t>& sequences, SteadyTime t) {
  if (!video_ || leg.profile >= video_history_.size() || !leg.video.remote_rtp) return;
  leg.nacked_in_window.insert(sequences.begin(), sequences.end());
  auto budget = retransmit_budgets_.try_emplace(leg.id, kRetransmitsPerSecond).first;
  for (const std::uint16_t sequence : sequences) {
    const auto packet = video_history_[leg.profile].find(sequence);
    if (!packet) continue;  // too old, or never sent to this profile
    if (!budget->second.take(t)) return;
    leg.video.send_rtp(*packet);
    // Twice: on a link that lost the original, a single copy is lost as often, and the
    // receiver's jitter buffer seldom has time to ask a second time.
    if (budget->second.take(t)) leg.video.send_rtp(*packet);
  }
}

}  // namespace media
