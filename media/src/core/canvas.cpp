#include "media/canvas.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

// Where output sample i (of `out`) takes its value in a line of `in` samples:
// the left source sample and the weight (0..256) of the one after it.
struct Taps {
  std::vector<int> first;
  std::vector<int> weight;
};

Taps taps_for(int in, int out) {
  Taps t;
  t.first.resize(static_cast<std::size_t>(out));
  t.weight.resize(static_cast<std::size_t>(out));
  for (int i = 0; i < out; ++i) {
    // Centres aligned: source position of the output sample's centre, in 1/256ths.
    const long long pos = ((2LL * i + 1) * in * 256) / (2LL * out) - 128;
    long long first = pos < 0 ? 0 : pos >> 8;
    int weight = pos < 0 ? 0 : static_cast<int>(pos & 255);
    if (first >= in - 1) {
      first = in - 1;
      weight = 0;
    }
    t.first[static_cast<std::size_t>(i)] = static_cast<int>(first);
    t.weight[static_cast<std::size_t>(i)] = weight;
  }
  return t;
}

// Across one blended line: out[x] for x in [from, to).
void scale_across(const std::uint8_t* line, const Taps& cols, std::uint8_t* out, int from, int to) {
  for (int x = from; x < to; ++x) {
    const auto c = static_cast<std::size_t>(cols.first[static_cast<std::size_t>(x)]);
    const unsigned wx = static_cast<unsigned>(cols.weight[static_cast<std::size_t>(x)]);
    out[x] = static_cast<std::uint8_t>((line[c] * (256u - wx) + line[c + 1] * wx + 128u) >> 8);
  }
}

#if defined(__x86_64__)
bool has_ssse3() {
  static const bool available = __builtin_cpu_supports("ssse3");
  return available;
}

// Eight outputs at a time (x a multiple of 8): both source samples of each output
// lie within 16 bytes of the block's first one (downscales to 1/1.75 and every
// upscale), so two byte shuffles fetch them and 16-bit multiplies weigh them.
// Blocks that reach further, and the ends, take scale_across. Same pixels (tested).
struct Blocks {
  std::vector<std::array<std::uint8_t, 16>> left, right;  // shuffle masks per block
  std::vector<std::array<std::uint16_t, 8>> weight, rest;  // weight and 256 - weight
  std::vector<char> fits;
};

Blocks blocks_for(const Taps& cols) {
  const std::size_t count = cols.first.size() / 8;
  Blocks b;
  b.left.resize(count);
  b.right.resize(count);
  b.weight.resize(count);
  b.rest.resize(count);
  b.fits.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const int base = cols.first[i * 8];
    b.fits[i] = cols.first[i * 8 + 7] - base + 1 <= 15;
    for (std::size_t k = 0; k < 8; ++k) {
      const int at = std::min(cols.first[i * 8 + k] - base, 14);
      b.left[i][2 * k] = static_cast<std::uint8_t>(at);
      b.left[i][2 * k + 1] = 0x80;  // zero high byte
      b.right[i][2 * k] = static_cast<std::uint8_t>(at + 1);
      b.right[i][2 * k + 1] = 0x80;
      b.weight[i][k] = static_cast<std::uint16_t>(cols.weight[i * 8 + k]);
      b.rest[i][k] = static_cast<std::uint16_t>(256 - cols.weight[i * 8 + k]);
    }
  }
  return b;
}

// `line` is readable 16 bytes past its last sample.
__attribute__((target("ssse3"))) void scale_across_ssse3(const std::uint8_t* line, const Taps& cols,
                                                          const Blocks& blocks, std::uint8_t* out, int from,
                                                          int to) {
  int x = from;
  const int head = std::min(to, (from + 7) / 8 * 8);
  scale_across(line, cols, out, x, head);
  const __m128i round = _mm_set1_epi16(128);
  for (x = head; x + 8 <= to; x += 8) {
    const auto i = static_cast<std::size_t>(x / 8);
    if (!blocks.fits[i]) {
      scale_across(line, cols, out, x, x + 8);
      continue;
    }
    const __m128i src = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line + cols.first[static_cast<std::size_t>(x)]));
    const __m128i l = _mm_shuffle_epi8(src, _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks.left[i].data())));
    const __m128i r = _mm_shuffle_epi8(src, _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks.right[i].data())));
    const __m128i wr = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks.weight[i].data()));
    const __m128i wl = _mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks.rest[i].data()));
    // At most 255 * 256 + 128: fits 16 unsigned bits.
    const __m128i sum = _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(l, wl), _mm_mullo_epi16(r, wr)), round);
    const __m128i v = _mm_srli_epi16(sum, 8);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + x), _mm_packus_epi16(v, v));
  }
  scale_across(line, cols, out, x, to);
}
#endif

// One plane: src (sw x sh) scaled into dst (dw x dh) at its top-left; only the
// rows/columns in [clip] (relative to dst) are written.
void scale_plane(const std::uint8_t* src, int src_stride, int sw, int sh, std::uint8_t* dst, int dst_stride,
                 int dw, int dh, const Rect& clip, bool portable_only) {
  const Taps rows = taps_for(sh, dh);
  const Taps cols = taps_for(sw, dw);
#if defined(__x86_64__)
  const bool fast = !portable_only && has_ssse3();
  const Blocks blocks = fast ? blocks_for(cols) : Blocks{};
#endif
  std::vector<std::uint8_t> line(static_cast<std::size_t>(sw) + 16);
  for (int y = clip.y; y < clip.y + clip.height; ++y) {
    // Vertical first: one blended source line (a loop the compiler vectorizes).
    const int r0 = rows.first[static_cast<std::size_t>(y)];
    const int r1 = std::min(r0 + 1, sh - 1);
    const unsigned wy = static_cast<unsigned>(rows.weight[static_cast<std::size_t>(y)]);
    const std::uint8_t* a = src + static_cast<std::ptrdiff_t>(r0) * src_stride;
    const std::uint8_t* b = src + static_cast<std::ptrdiff_t>(r1) * src_stride;
    for (int x = 0; x < sw; ++x) {
      line[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>((a[x] * (256u - wy) + b[x] * wy + 128u) >> 8);
    }
    line[static_cast<std::size_t>(sw)] = line[static_cast<std::size_t>(sw - 1)];
    // Then across, only for the output columns.
    std::uint8_t* out = dst + static_cast<std::ptrdiff_t>(y) * dst_stride;
#if defined(__x86_64__)
    if (fast) {
      scale_across_ssse3(line.data(), cols, blocks, out, clip.x, clip.x + clip.width);
      continue;
    }
#endif
    scale_across(line.data(), cols, out, clip.x, clip.x + clip.width);
  }
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

bool scale_into(const I420View& canvas, const Rect& rect, const I420View& picture, bool portable_only) {
  if (picture.width <= 0 || picture.height <= 0 || rect.width <= 0 || rect.height <= 0) return false;
  if (picture.width == rect.width && picture.height == rect.height) return copy_into(canvas, rect, picture);
  const Rect r = clip_to(rect, canvas.width, canvas.height);
  if (r.width == 0) return true;
  // Luma: the tile's own coordinates, clipped to the canvas.
  const Rect luma_clip{r.x - rect.x, r.y - rect.y, r.width, r.height};
  scale_plane(picture.y, picture.y_stride, picture.width, picture.height,
              canvas.y + static_cast<std::ptrdiff_t>(rect.y) * canvas.y_stride + rect.x, canvas.y_stride,
              rect.width, rect.height, luma_clip, portable_only);
  // Chroma: half size both ways (rects from the layout are even).
  const int scw = (picture.width + 1) / 2, sch = (picture.height + 1) / 2;
  const int dcw = rect.width / 2, dch = rect.height / 2;
  if (dcw <= 0 || dch <= 0) return true;
  const Rect c = chroma_of(r);
  const Rect chroma_clip{c.x - rect.x / 2, c.y - rect.y / 2, std::min(c.width, dcw - (c.x - rect.x / 2)),
                         std::min(c.height, dch - (c.y - rect.y / 2))};
  if (chroma_clip.width <= 0 || chroma_clip.height <= 0) return true;
  scale_plane(picture.u, picture.u_stride, scw, sch,
              canvas.u + static_cast<std::ptrdiff_t>(rect.y / 2) * canvas.u_stride + rect.x / 2, canvas.u_stride,
              dcw, dch, chroma_clip, portable_only);
  scale_plane(picture.v, picture.v_stride, scw, sch,
              canvas.v + static_cast<std::ptrdiff_t>(rect.y / 2) * canvas.v_stride + rect.x / 2, canvas.v_stride,
              dcw, dch, chroma_clip, portable_only);
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

namespace {

// Paints `value` in the parts of each row of a plane that no rect covers (every
// tile paints its own area whole, so painting under it would be wasted). Rows
// between two rect edges share their uncovered spans, worked out once per band;
// those spans are mostly a pixel or two wide, too short to be worth a memset call.
void fill_outside(std::uint8_t* plane, int stride, int width, int height, const std::vector<Rect>& rects,
                  std::uint8_t value) {
  std::vector<int> edges{0, height};
  for (const Rect& r : rects) {
    edges.push_back(std::clamp(r.y, 0, height));
    edges.push_back(std::clamp(r.y + r.height, 0, height));
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<std::pair<int, int>> covered, gaps;
  for (std::size_t band = 0; band + 1 < edges.size(); ++band) {
    const int top = edges[band], bottom = edges[band + 1];
    covered.clear();
    for (const Rect& r : rects) {
      if (top >= r.y && top < r.y + r.height) covered.emplace_back(r.x, r.x + r.width);
    }
    std::sort(covered.begin(), covered.end());
    gaps.clear();
    int x = 0;
    for (const auto& [from, to] : covered) {
      if (from > x) gaps.emplace_back(x, std::min(from, width));
      x = std::max(x, to);
    }
    if (x < width) gaps.emplace_back(x, width);
    for (int row = top; row < bottom; ++row) {
      std::uint8_t* line = plane + static_cast<std::ptrdiff_t>(row) * stride;
      for (const auto& [from, to] : gaps) {
        if (to - from >= 32) {
          std::memset(line + from, value, static_cast<std::size_t>(to - from));
        } else {
          for (int i = from; i < to; ++i) line[i] = value;
        }
      }
    }
  }
}

}  // namespace

void compose(const I420View& canvas, std::span<const TilePicture> tiles, Colour background) {
  std::vector<Rect> luma, chroma;
  for (const TilePicture& tile : tiles) {
    const Rect r = clip_to(tile.rect, canvas.width, canvas.height);
    if (r.width == 0) continue;
    luma.push_back(r);
    chroma.push_back(chroma_of(r));
  }
  const int chroma_width = (canvas.width + 1) / 2, chroma_height = (canvas.height + 1) / 2;
  fill_outside(canvas.y, canvas.y_stride, canvas.width, canvas.height, luma, background.y);
  fill_outside(canvas.u, canvas.u_stride, chroma_width, chroma_height, chroma, background.u);
  fill_outside(canvas.v, canvas.v_stride, chroma_width, chroma_height, chroma, background.v);
  for (const TilePicture& tile : tiles) {
    switch (tile.content) {
      case TilePicture::Content::picture:
        if (!scale_into(canvas, tile.rect, tile.picture)) fill(canvas, tile.rect, kBlack);
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
