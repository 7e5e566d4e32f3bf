#pragma once
// Relaying a session up to an outside bridge (the Government's meeting, or a parent session
// this one joins as one leg): which legs feed what goes up, and who is always heard.
// Pure logic, standard library only.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace media {

// A hall leg is one hall of this session; an upstream leg is the outside meeting this
// session takes part in. An upstream leg hears and sees only what upstream_feed chooses.
enum class LegRole { hall, upstream };

std::optional<LegRole> parse_leg_role(const std::string& name);
const char* to_string(LegRole role);

struct FeedCandidate {
  std::string leg_id;
  LegRole role = LegRole::hall;
  bool is_host = false;
  bool audio_muted = false;
  bool receiving = false;  // media from the hall arrives on this leg now
};

struct UpstreamFeed {
  std::vector<std::string> audio;    // legs whose sound is summed and sent up
  std::optional<std::string> video;  // the leg whose picture is forwarded up
};

// What goes up: the host hall's sound and picture alone. The other halls are muted towards
// the upstream as a block, and no upstream leg's own sound ever goes back up. Sound: every
// host leg not muted. Picture: the host's receiving leg, else its first one.
UpstreamFeed upstream_feed(const std::vector<FeedCandidate>& legs);

// The legs mixed for the halls: every upstream leg first (the outside meeting is always
// heard), then the loudest halls, `k` legs in all. `loudest` is loudest first.
std::vector<std::string> mixed_legs(const std::vector<std::string>& upstreams, const std::vector<std::string>& loudest,
                                    std::size_t k);

}  // namespace media
