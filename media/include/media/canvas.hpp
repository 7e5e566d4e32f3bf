#pragma once
// Pure picture composition for the continuous-presence canvas (standard library only):
// the session's composer paints every output frame with these, no GStreamer element.
//
//   fill(canvas, rect, colour)           a solid rectangle (background, blank, no signal)
//   copy_into(canvas, rect, tile)        a decoded tile already scaled to rect's size
//   scale_into(canvas, rect, picture)    a decoded picture of any size, scaled into rect
//   blend_label(canvas, x, y, label, clip) a rendered name over the tile, clipped to it
//   compose(canvas, tiles)               all of the above for one frame
//
// Pictures are planar I420 (full-size luma, chroma halved both ways); rects are
// clipped to the canvas, so a caller's mistake never writes outside the frame.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "media/layout.hpp"

namespace media {

// A picture in someone else's memory: three planes and their strides (bytes per row).
struct I420View {
  int width = 0;
  int height = 0;
  std::uint8_t* y = nullptr;
  std::uint8_t* u = nullptr;
  std::uint8_t* v = nullptr;
  int y_stride = 0;
  int u_stride = 0;
  int v_stride = 0;
};

struct Colour {
  std::uint8_t y = 16;
  std::uint8_t u = 128;
  std::uint8_t v = 128;
};
inline constexpr Colour kBlack{16, 128, 128};
inline constexpr Colour kNoSignalGrey{60, 128, 128};

// A rendered text (a hall's name): colour and coverage per pixel at full resolution,
// plus a shaded box behind it so it stays readable on any picture.
struct Label {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> y, u, v, alpha;  // width * height each, row-major
};

void fill(const I420View& canvas, const Rect& rect, Colour colour);
// `tile` must be rect's size; a tile of another size is not drawn (returns false).
bool copy_into(const I420View& canvas, const Rect& rect, const I420View& tile);
// Scales `picture` (any size) into rect: bilinear, vertical pass first, 8-bit
// fixed-point weights; the same size is a plain copy. Returns false for an empty picture.
// The pass across uses the CPU's byte shuffles (SSSE3) where it has them;
// `portable_only` forces the plain code, which gives the same pixels (tested).
bool scale_into(const I420View& canvas, const Rect& rect, const I420View& picture, bool portable_only = false);
// Darkens the label's box and blends its text at (x, y), touching only pixels inside `clip`.
void blend_label(const I420View& canvas, int x, int y, const Label& label, const Rect& clip);

// What one tile shows in a frame.
struct TilePicture {
  enum class Content { blank, picture, no_signal };
  Rect rect;
  Content content = Content::blank;
  I420View picture;                    // when content == picture; any size, scaled to rect
  std::shared_ptr<const Label> label;  // drawn at the tile's bottom-left; may be null
};

// Paints one whole frame: background, then each tile in order (later ones on top).
void compose(const I420View& canvas, std::span<const TilePicture> tiles, Colour background = kBlack);

}  // namespace media
