#include "media/layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace media {
namespace {

int even_down(int v) { return v & ~1; }

// The largest rectangle with the canvas aspect ratio inside the cell, centred.
Rect fit(int cell_x, int cell_y, int cell_w, int cell_h, int canvas_w, int canvas_h) {
  int w = cell_w;
  int h = static_cast<int>(static_cast<long long>(cell_w) * canvas_h / canvas_w);
  if (h > cell_h) {
    h = cell_h;
    w = static_cast<int>(static_cast<long long>(cell_h) * canvas_w / canvas_h);
  }
  w = std::max(2, even_down(w));
  h = std::max(2, even_down(h));
  return Rect{even_down(cell_x + (cell_w - w) / 2), even_down(cell_y + (cell_h - h) / 2), w, h};
}

std::vector<Rect> grid(std::size_t count, int width, int height) {
  const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  const int rows = static_cast<int>((count + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols));
  const int cell_w = width / cols;
  const int cell_h = height / rows;
  std::vector<Rect> tiles;
  tiles.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const int row = static_cast<int>(i) / cols;
    const int col = static_cast<int>(i) % cols;
    // Centre a short last row, as people expect from a video wall.
    const int in_row = std::min(cols, static_cast<int>(count) - row * cols);
    const int offset = (width - in_row * cell_w) / 2;
    tiles.push_back(fit(offset + col * cell_w, row * cell_h, cell_w, cell_h, width, height));
  }
  return tiles;
}

// One large tile on top, thumbnails in a strip a quarter of the height below.
std::vector<Rect> featured(std::size_t count, int width, int height) {
  if (count == 1) return {fit(0, 0, width, height, width, height)};
  const int strip_h = height / 4;
  const int thumbs = static_cast<int>(count) - 1;
  const int thumb_w = width / std::max(4, thumbs);
  std::vector<Rect> tiles;
  tiles.reserve(count);
  tiles.push_back(fit(0, 0, width, height - strip_h, width, height));
  const int offset = (width - thumbs * thumb_w) / 2;
  for (int i = 0; i < thumbs; ++i) {
    tiles.push_back(fit(offset + i * thumb_w, height - strip_h, thumb_w, strip_h, width, height));
  }
  return tiles;
}

}  // namespace

std::vector<Rect> compute_layout(LayoutKind kind, std::size_t count, int width, int height) {
  if (count == 0 || width < 2 || height < 2) return {};
  switch (kind) {
    case LayoutKind::grid:
      return grid(count, width, height);
    case LayoutKind::speaker:
    case LayoutKind::host:
    case LayoutKind::relay:
    case LayoutKind::upstream:
      return featured(count, width, height);
  }
  return {};
}

std::vector<std::string> choose_visible(const std::vector<LayoutCandidate>& candidates,
                                        LayoutKind kind,
                                        const std::optional<std::string>& floor_holder,
                                        const std::optional<std::string>& active_speaker,
                                        std::size_t max_tiles) {
  const bool relayed = kind == LayoutKind::relay || kind == LayoutKind::upstream;
  const auto upstream = std::find_if(candidates.begin(), candidates.end(),
                                     [](const LayoutCandidate& c) { return c.is_upstream && !c.video_hidden; });
  if (relayed && upstream != candidates.end() && max_tiles > 0) {
    // The other tiles follow the rules of every other layout (one tile per hall); in the
    // upstream layout only other upstream legs have one.
    std::vector<LayoutCandidate> rest;
    for (const auto& c : candidates)
      if (&c != &*upstream && (c.is_upstream || kind == LayoutKind::relay)) rest.push_back(c);
    std::vector<std::string> shown{upstream->leg_id};
    for (auto& id : choose_visible(rest, LayoutKind::grid, std::nullopt, std::nullopt, max_tiles - 1)) {
      shown.push_back(std::move(id));
    }
    return shown;
  }
  std::optional<std::string> first = floor_holder;
  if (!first && kind == LayoutKind::speaker) first = active_speaker;
  if (!first && (kind == LayoutKind::host || relayed)) {
    for (const auto& c : candidates) {
      if (c.is_host) {
        first = c.leg_id;
        break;
      }
    }
  }
  // Each hall's one tile: of its legs not hidden, the first receiving one, else the first;
  // it stands where the hall's first leg joined, so the hall keeps its place.
  struct HallTile {
    const LayoutCandidate* first;
    const LayoutCandidate* chosen;
  };
  std::map<std::string, HallTile> halls;
  for (const auto& c : candidates) {
    if (c.video_hidden || c.hall_id.empty()) continue;
    const auto [it, fresh] = halls.try_emplace(c.hall_id, HallTile{&c, &c});
    if (!fresh && c.receiving && !it->second.chosen->receiving) it->second.chosen = &c;
  }
  // The leg shown in c's place in join order, if any.
  auto shown_for = [&](const LayoutCandidate& c) -> const LayoutCandidate* {
    if (c.video_hidden) return nullptr;
    if (c.hall_id.empty()) return &c;
    const HallTile& h = halls.at(c.hall_id);
    return h.first == &c ? h.chosen : nullptr;
  };
  std::vector<std::string> shown;
  if (first) {  // a featured leg that gives way to another leg of its hall hands it the place
    const auto it = std::find_if(candidates.begin(), candidates.end(),
                                 [&](const LayoutCandidate& c) { return c.leg_id == *first; });
    if (it != candidates.end() && !it->video_hidden) {
      if (!it->hall_id.empty()) first = halls.at(it->hall_id).chosen->leg_id;
      shown.push_back(*first);
    }
  }
  for (const auto& c : candidates) {
    if (shown.size() >= max_tiles) break;
    const LayoutCandidate* leg = shown_for(c);
    if (!leg || (first && leg->leg_id == *first)) continue;
    shown.push_back(leg->leg_id);
  }
  if (shown.size() > max_tiles) shown.resize(max_tiles);
  return shown;
}

std::optional<LayoutKind> parse_layout(const std::string& name) {
  if (name == "grid") return LayoutKind::grid;
  if (name == "speaker") return LayoutKind::speaker;
  if (name == "host") return LayoutKind::host;
  if (name == "relay") return LayoutKind::relay;
  if (name == "upstream") return LayoutKind::upstream;
  return std::nullopt;
}

const char* to_string(LayoutKind kind) {
  switch (kind) {
    case LayoutKind::grid: return "grid";
    case LayoutKind::speaker: return "speaker";
    case LayoutKind::host: return "host";
    case LayoutKind::relay: return "relay";
    case LayoutKind::upstream: return "upstream";
  }
  return "grid";
}

}  // namespace media
