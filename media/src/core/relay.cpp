#include "media/relay.hpp"

#include <algorithm>

namespace media {

std::optional<LegRole> parse_leg_role(const std::string& name) {
  if (name == "hall") return LegRole::hall;
  if (name == "upstream") return LegRole::upstream;
  return std::nullopt;
}

const char* to_string(LegRole role) { return role == LegRole::upstream ? "upstream" : "hall"; }

UpstreamFeed upstream_feed(const std::vector<FeedCandidate>& legs) {
  UpstreamFeed feed;
  const FeedCandidate* first_host = nullptr;
  const FeedCandidate* receiving_host = nullptr;
  for (const auto& leg : legs) {
    if (leg.role != LegRole::hall || !leg.is_host) continue;
    if (!leg.audio_muted) feed.audio.push_back(leg.leg_id);
    if (!first_host) first_host = &leg;
    if (!receiving_host && leg.receiving) receiving_host = &leg;
  }
  if (const FeedCandidate* shown = receiving_host ? receiving_host : first_host) feed.video = shown->leg_id;
  return feed;
}

std::vector<std::string> mixed_legs(const std::vector<std::string>& upstreams, const std::vector<std::string>& loudest,
                                    std::size_t k) {
  std::vector<std::string> mixed;
  for (const auto& id : upstreams) {
    if (mixed.size() < k) mixed.push_back(id);
  }
  for (const auto& id : loudest) {
    if (mixed.size() >= k) break;
    if (std::find(mixed.begin(), mixed.end(), id) == mixed.end()) mixed.push_back(id);
  }
  return mixed;
}

}  // namespace media
