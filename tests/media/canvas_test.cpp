#include "media/canvas.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace media {
namespace {

// An I420 picture that owns its memory, with strides wider than the picture
// (as GStreamer's are) so that stride mistakes show.
struct Picture {
  Picture(int w, int h, Colour c = {0, 0, 0}) : width(w), height(h) {
    y.assign(static_cast<std::size_t>(stride() * h), c.y);
    u.assign(static_cast<std::size_t>(cstride() * ((h + 1) / 2)), c.u);
    v.assign(static_cast<std::size_t>(cstride() * ((h + 1) / 2)), c.v);
  }
  int stride() const { return width + 8; }
  int cstride() const { return (width + 1) / 2 + 8; }
  I420View view() {
    return {width, height, y.data(), u.data(), v.data(), stride(), cstride(), cstride()};
  }
  std::uint8_t luma(int x, int yy) const { return y[static_cast<std::size_t>(yy * stride() + x)]; }
  std::uint8_t cb(int x, int yy) const { return u[static_cast<std::size_t>(yy / 2 * cstride() + x / 2)]; }
  std::uint8_t cr(int x, int yy) const { return v[static_cast<std::size_t>(yy / 2 * cstride() + x / 2)]; }
  int width, height;
  std::vector<std::uint8_t> y, u, v;
};

Label solid_label(int w, int h, std::uint8_t alpha, Colour c = {235, 128, 128}) {
  Label l;
  l.width = w;
  l.height = h;
  const auto n = static_cast<std::size_t>(w * h);
  l.y.assign(n, c.y);
  l.u.assign(n, c.u);
  l.v.assign(n, c.v);
  l.alpha.assign(n, alpha);
  return l;
}

TEST(Canvas, ComposePaintsBackgroundThenEachTilesPictureInItsRect) {
  Picture canvas(64, 32);
  Picture red(16, 8, {81, 90, 240});
  Picture blue(16, 8, {41, 240, 110});
  std::vector<TilePicture> tiles(2);
  tiles[0].rect = {0, 0, 16, 8};
  tiles[0].content = TilePicture::Content::picture;
  tiles[0].picture = red.view();
  tiles[1].rect = {32, 16, 16, 8};
  tiles[1].content = TilePicture::Content::picture;
  tiles[1].picture = blue.view();
  compose(canvas.view(), tiles);
  EXPECT_EQ(canvas.luma(5, 5), 81);
  EXPECT_EQ(canvas.cr(5, 5), 240);
  EXPECT_EQ(canvas.luma(40, 20), 41);
  EXPECT_EQ(canvas.cb(40, 20), 240);
  EXPECT_EQ(canvas.luma(20, 5), kBlack.y);  // background between tiles
  EXPECT_EQ(canvas.cb(20, 5), kBlack.u);
  EXPECT_EQ(canvas.luma(63, 31), kBlack.y);
}

TEST(Canvas, NoSignalTileIsGreyAndBlankTileIsBlack) {
  Picture canvas(32, 16, {200, 200, 200});
  std::vector<TilePicture> tiles(2);
  tiles[0].rect = {0, 0, 16, 16};
  tiles[0].content = TilePicture::Content::no_signal;
  tiles[1].rect = {16, 0, 16, 16};
  tiles[1].content = TilePicture::Content::blank;
  compose(canvas.view(), tiles, Colour{100, 100, 100});
  EXPECT_EQ(canvas.luma(3, 3), kNoSignalGrey.y);
  EXPECT_EQ(canvas.luma(20, 3), kBlack.y);
}

TEST(Canvas, CopyRefusesAPictureOfAnotherSize) {
  Picture canvas(32, 16);
  Picture wrong(10, 10, {150, 128, 128});
  EXPECT_FALSE(copy_into(canvas.view(), {0, 0, 16, 16}, wrong.view()));
  EXPECT_EQ(canvas.luma(2, 2), 0);
}

TEST(Canvas, PictureOfAnotherSizeIsScaledToFillExactlyItsTile) {
  Picture canvas(1280, 720, {1, 1, 1});
  Picture hall(640, 360, {81, 90, 240});
  TilePicture tile;
  tile.rect = {426, 240, 426, 238};
  tile.content = TilePicture::Content::picture;
  tile.picture = hall.view();
  compose(canvas.view(), std::span(&tile, 1));
  for (int y = 240; y < 478; y += 7) {
    for (int x = 426; x < 852; x += 5) {
      ASSERT_EQ(canvas.luma(x, y), 81) << x << "," << y;
      ASSERT_EQ(canvas.cr(x, y), 240) << x << "," << y;
    }
  }
  EXPECT_EQ(canvas.luma(425, 300), kBlack.y);
  EXPECT_EQ(canvas.luma(852, 300), kBlack.y);
  EXPECT_EQ(canvas.luma(500, 478), kBlack.y);
}

TEST(Canvas, ScalingKeepsLeftOnTheLeftAndTopOnTheTop) {
  Picture source(64, 32, {200, 128, 128});
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 32; ++x) source.y[static_cast<std::size_t>(y * source.stride() + x)] = 30;  // left half dark
  }
  for (int y = 16; y < 32; ++y) {
    for (int x = 32; x < 64; ++x) source.y[static_cast<std::size_t>(y * source.stride() + x)] = 120;  // bottom right
  }
  Picture canvas(100, 100);
  ASSERT_TRUE(scale_into(canvas.view(), {10, 20, 40, 20}, source.view()));
  EXPECT_EQ(canvas.luma(12, 22), 30);
  EXPECT_EQ(canvas.luma(47, 22), 200);
  EXPECT_EQ(canvas.luma(47, 38), 120);
  EXPECT_EQ(canvas.luma(12, 38), 30);
}

TEST(Canvas, HalvingAveragesNeighboursAndDoublingInterpolates) {
  Picture stripes(8, 2, {0, 128, 128});
  for (int y = 0; y < 2; ++y) {
    for (int x = 1; x < 8; x += 2) stripes.y[static_cast<std::size_t>(y * stripes.stride() + x)] = 200;
  }
  Picture half(4, 2);
  ASSERT_TRUE(scale_into(half.view(), {0, 0, 4, 2}, [&] {
    I420View v = stripes.view();
    v.height = 2;
    return v;
  }()));
  EXPECT_EQ(half.luma(0, 0), 100);
  EXPECT_EQ(half.luma(3, 1), 100);

  Picture ramp(2, 2, {0, 128, 128});
  ramp.y[1] = 200;
  ramp.y[static_cast<std::size_t>(ramp.stride() + 1)] = 200;
  Picture wide(4, 2);
  ASSERT_TRUE(scale_into(wide.view(), {0, 0, 4, 2}, ramp.view()));
  EXPECT_EQ(wide.luma(0, 0), 0);    // edge: the first sample itself
  EXPECT_EQ(wide.luma(1, 0), 50);   // a quarter of the way
  EXPECT_EQ(wide.luma(2, 0), 150);
  EXPECT_EQ(wide.luma(3, 0), 200);
}

TEST(Canvas, ScaledTileReachingPastTheCanvasIsClipped) {
  Picture canvas(32, 16);
  Picture hall(64, 64, {90, 128, 128});
  ASSERT_TRUE(scale_into(canvas.view(), {16, 8, 32, 32}, hall.view()));
  EXPECT_EQ(canvas.luma(31, 15), 90);
  EXPECT_EQ(canvas.luma(15, 15), 0);
  EXPECT_EQ(canvas.y[static_cast<std::size_t>(15 * canvas.stride() + 32)], 0) << "clipped at the right edge";
}

TEST(Canvas, RectsReachingPastTheCanvasAreClippedNotWrittenOutside) {
  Picture canvas(32, 16);
  const auto guard_y = canvas.y;  // strides leave 8 bytes after each row
  fill(canvas.view(), {-8, -8, 100, 100}, {50, 60, 70});
  EXPECT_EQ(canvas.luma(0, 0), 50);
  EXPECT_EQ(canvas.luma(31, 15), 50);
  EXPECT_EQ(canvas.y[32], guard_y[32]) << "the padding after a row is not the picture";
  Picture tile(16, 16, {90, 128, 128});
  EXPECT_TRUE(copy_into(canvas.view(), {24, 8, 16, 16}, tile.view()));
  EXPECT_EQ(canvas.luma(31, 15), 90);
  EXPECT_EQ(canvas.luma(23, 15), 50);
  EXPECT_EQ(canvas.y[static_cast<std::size_t>(15 * canvas.stride() + 32)], 0) << "clipped at the right edge";
}

TEST(Canvas, OpaqueLabelReplacesAndTransparentLabelOnlyShades) {
  Picture canvas(32, 16, {216, 128, 128});
  blend_label(canvas.view(), 0, 0, solid_label(8, 4, 255), {0, 0, 32, 16});
  EXPECT_EQ(canvas.luma(2, 2), 235);
  blend_label(canvas.view(), 16, 0, solid_label(8, 4, 0), {0, 0, 32, 16});
  EXPECT_EQ(canvas.luma(18, 2), 116) << "half as bright behind the name: 16 + (216 - 16) / 2";
  EXPECT_EQ(canvas.luma(18, 8), 216) << "below the label: untouched";
}

TEST(Canvas, LabelIsClippedToItsTile) {
  Picture canvas(32, 16, {216, 128, 128});
  blend_label(canvas.view(), 4, 4, solid_label(20, 4, 255), {0, 0, 16, 16});
  EXPECT_EQ(canvas.luma(15, 5), 235);
  EXPECT_EQ(canvas.luma(16, 5), 216) << "the neighbouring tile keeps its picture";
}

TEST(Canvas, ComposeDrawsTheLabelAtTheTilesBottomLeft) {
  Picture canvas(64, 32);
  Picture grey(32, 16, {120, 128, 128});
  TilePicture tile;
  tile.rect = {32, 16, 32, 16};
  tile.content = TilePicture::Content::picture;
  tile.picture = grey.view();
  tile.label = std::make_shared<Label>(solid_label(10, 4, 255));
  compose(canvas.view(), std::span(&tile, 1));
  EXPECT_EQ(canvas.luma(33, 31), 235);
  EXPECT_EQ(canvas.luma(33, 27), 120);
  EXPECT_EQ(canvas.luma(50, 31), 120);
}

TEST(Canvas, MalformedLabelIsIgnored) {
  Picture canvas(16, 16, {216, 128, 128});
  Label broken = solid_label(8, 8, 255);
  broken.alpha.resize(3);
  blend_label(canvas.view(), 0, 0, broken, {0, 0, 16, 16});
  EXPECT_EQ(canvas.luma(1, 1), 216);
}

TEST(Canvas, VectorAndPortableScalingGiveTheSamePixels) {
  std::uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::uint8_t>(seed >> 24);
  };
  const Rect sizes[] = {{0, 0, 426, 238}, {2, 4, 320, 180}, {0, 0, 1280, 720}, {6, 2, 30, 18}, {0, 0, 854, 480},
                        {-10, 0, 426, 238}, {4, 0, 1000, 40}};
  for (const auto& source : {std::pair{640, 360}, std::pair{1920, 1080}, std::pair{176, 144}, std::pair{33, 17}}) {
    Picture picture(source.first, source.second);
    for (auto& b : picture.y) b = next();
    for (auto& b : picture.u) b = next();
    for (auto& b : picture.v) b = next();
    for (const Rect& rect : sizes) {
      Picture fast(1300, 740), plain(1300, 740);
      ASSERT_TRUE(scale_into(fast.view(), rect, picture.view()));
      ASSERT_TRUE(scale_into(plain.view(), rect, picture.view(), /*portable_only=*/true));
      ASSERT_EQ(fast.y, plain.y) << source.first << "x" << source.second << " -> " << rect.width;
      ASSERT_EQ(fast.u, plain.u);
      ASSERT_EQ(fast.v, plain.v);
    }
  }
}

}  // namespace
}  // namespace media
