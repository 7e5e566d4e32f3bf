#include "media/canvas.hpp"

#include <algorithm>
#include <cstring>

namespace media {
namespace {

// rect ∩ (0, 0, width, height); empty when they do not meet.
Rect clip_to(const Rect& r, int width, int height) {
  const int x0 = std::max(r.x, 0), y0 = std::max(r.y, 0);
  const int x1 = std::min(r.x + r.width, width), y1 = std::min(r.y + r.height, height);
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

Rect intersect(const Rect& a, const Rect& b) {
  const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.x + a.width, b.x + b.width), y1 = std::min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

// The chroma rows/columns a luma rect covers (I420: halved, rounding outwards).
Rect chroma_of(const Rect& r) {
  const int x0 = r.x / 2, y0 = r.y / 2;
  const int x1 = (r.x + r.width + 1) / 2, y1 = (r.y + r.height + 1) / 2;
  return {x0, y0, x1 - x0, y1 - y0};
}

void fill_plane(std::uint8_t* plane, int stride, const Rect& r, std::uint8_t value) {
  for (int row = r.y; row < r.y + r.height; ++row) {
    std::memset(plane + static_cast<std::ptrdiff_t>(row) * stride + r.x, value, static_cast<std::size_t>(r.width));
  }
}

void copy_plane(std::uint8_t* dst, int dst_stride, const Rect& at, const std::uint8_t* src, int src_stride,
                int src_x, int src_y) {
  for (int row = 0; row < at.height; ++row) {
    std::memcpy(dst + static_cast<std::ptrdiff_t>(at.y + row) * dst_stride + at.x,
                src + static_cast<std::ptrdiff_t>(src_y + row) * src_stride + src_x,
                static_cast<std::size_t>(at.width));
  }
}

std::uint8_t mix(std::uint8_t under, std::uint8_t over, unsigned alpha) {
  return static_cast<std::uint8_t>((under * (255u - alpha) + over * alpha + 127u) / 255u);
}

}  // namespace

void fill(const I420View& canvas, const Rect& rect, Colour colour) {
  const Rect r = clip_to(rect, canvas.width, canvas.height);
  if (r.width == 0) return;
  fill_plane(canvas.y, canvas.y_stride, r, colour.y);
  const Rect c = chroma_of(r);
  fill_plane(canvas.u, canvas.u_stride, c, colour.u);
  fill_plane(canvas.v, canvas.v_stride, c, colour.v);
}

bool copy_into(const I420View& canvas, const Rect& rect, const I420View& tile) {
  if (tile.width != rect.width || tile.height != rect.height) return false;
  const Rect r = clip_to(rect, canvas.width, canvas.height);
  if (r.width == 0) return true;
  copy_plane(canvas.y, canvas.y_stride, r, tile.y, tile.y_stride, r.x - rect.x, r.y - rect.y);
  const Rect c = chroma_of(r);
  const int cx = c.x - rect.x / 2, cy = c.y - rect.y / 2;
  // A tile of odd size has one chroma column/row fewer than an odd-placed rect may cover.
  const Rect cc{c.x, c.y, std::min(c.width, (tile.width + 1) / 2 - cx), std::min(c.height, (tile.height + 1) / 2 - cy)};
  if (cc.width <= 0 || cc.height <= 0) return true;
  copy_plane(canvas.u, canvas.u_stride, cc, tile.u, tile.u_stride, cx, cy);
  copy_plane(canvas.v, canvas.v_stride, cc, tile.v, tile.v_stride, cx, cy);
  return true;
}

void blend_label(const I420View& canvas, int x, int y, const Label& label, const Rect& clip) {
  const std::size_t size = static_cast<std::size_t>(label.width) * static_cast<std::size_t>(label.height);
  if (label.width <= 0 || label.height <= 0 || label.y.size() != size || label.u.size() != size ||
      label.v.size() != size || label.alpha.size() != size) {
    return;
  }
  const Rect area = intersect(clip_to({x, y, label.width, label.height}, canvas.width, canvas.height), clip);
  if (area.width == 0) return;
  for (int row = area.y; row < area.y + area.height; ++row) {
    std::uint8_t* out = canvas.y + static_cast<std::ptrdiff_t>(row) * canvas.y_stride;
    const std::size_t base = static_cast<std::size_t>(row - y) * static_cast<std::size_t>(label.width);
    for (int col = area.x; col < area.x + area.width; ++col) {
      const std::size_t i = base + static_cast<std::size_t>(col - x);
      // The shaded box: the picture behind the name at half brightness.
      const std::uint8_t shaded = static_cast<std::uint8_t>(16 + (std::max<int>(out[col], 16) - 16) / 2);
      out[col] = mix(shaded, label.y[i], label.alpha[i]);
    }
  }
  const Rect c = chroma_of(area);
  for (int row = c.y; row < c.y + c.height; ++row) {
    std::uint8_t* u = canvas.u + static_cast<std::ptrdiff_t>(row) * canvas.u_stride;
    std::uint8_t* v = canvas.v + static_cast<std::ptrdiff_t>(row) * canvas.v_stride;
    const int ly = std::clamp(row * 2 - y, 0, label.height - 1);
    for (int col = c.x; col < c.x + c.width; ++col) {
      const int lx = std::clamp(col * 2 - x, 0, label.width - 1);
      const std::size_t i = static_cast<std::size_t>(ly) * static_cast<std::size_t>(label.width) + static_cast<std::size_t>(lx);
      u[col] = mix(u[col], label.u[i], label.alpha[i]);
      v[col] = mix(v[col], label.v[i], label.alpha[i]);
    }
  }
}

void compose(const I420View& canvas, std::span<const TilePicture> tiles, Colour background) {
  fill(canvas, {0, 0, canvas.width, canvas.height}, background);
  for (const TilePicture& tile : tiles) {
    switch (tile.content) {
      case TilePicture::Content::picture:
        if (!copy_into(canvas, tile.rect, tile.picture)) fill(canvas, tile.rect, kBlack);
        break;
      case TilePicture::Content::no_signal:
        fill(canvas, tile.rect, kNoSignalGrey);
        break;
      case TilePicture::Content::blank:
        fill(canvas, tile.rect, kBlack);
        break;
    }
    if (tile.label) {
      blend_label(canvas, tile.rect.x, tile.rect.y + tile.rect.height - tile.label->height, *tile.label, tile.rect);
    }
  }
}

}  // namespace media
