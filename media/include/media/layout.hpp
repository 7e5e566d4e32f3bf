#pragma once
// Continuous-presence layouts: pure geometry, no GStreamer.
// Contract: every rectangle lies inside the canvas, has even x/y/width/height
// (I420 needs even sizes) and keeps the canvas aspect ratio.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace media {

// relay: the upstream leg (the outside meeting) large, the halls small below it;
// upstream: the upstream leg alone (the halls hidden).
enum class LayoutKind { grid, speaker, host, relay, upstream };

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  friend bool operator==(const Rect&, const Rect&) = default;
};

// Tiles for `count` visible legs on a width x height canvas. For speaker, host, relay
// and upstream layouts tile 0 is the large one and the rest are thumbnails.
std::vector<Rect> compute_layout(LayoutKind kind, std::size_t count, int width, int height);

struct LayoutCandidate {
  std::string leg_id;
  bool video_hidden = false;
  bool is_host = false;
  std::string hall_id{};   // legs of one hall (its RTP leg, a browser leg) share a tile
  bool receiving = false;  // media from the hall arrives on this leg now
  bool is_upstream = false;  // the outside meeting this session is relayed from
};

// Which legs are shown, in tile order. `candidates` are in join order.
// featured: the floor holder if any, else the active speaker (speaker layout)
// or the host (host layout). Hidden legs are never shown; at most max_tiles.
// relay: the first upstream leg is featured whoever holds the floor, the halls follow;
// upstream: the upstream legs alone. Without an upstream leg both are the host layout.
// One tile per hall: of the shown legs with the same non-empty hall_id, only the first
// receiving one (else the first one) is shown, and it stands in for the others as featured.
std::vector<std::string> choose_visible(const std::vector<LayoutCandidate>& candidates,
                                        LayoutKind kind,
                                        const std::optional<std::string>& floor_holder,
                                        const std::optional<std::string>& active_speaker,
                                        std::size_t max_tiles);

std::optional<LayoutKind> parse_layout(const std::string& name);
const char* to_string(LayoutKind kind);

}  // namespace media
