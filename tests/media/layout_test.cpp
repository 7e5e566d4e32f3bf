#include "media/layout.hpp"

#include <gtest/gtest.h>

namespace media {
namespace {

bool inside(const Rect& r, int w, int h) {
  return r.x >= 0 && r.y >= 0 && r.x + r.width <= w && r.y + r.height <= h;
}
bool overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

TEST(Layout, GridOfFourIsTwoByTwoQuarters) {
  const auto tiles = compute_layout(LayoutKind::grid, 4, 1280, 720);
  ASSERT_EQ(tiles.size(), 4u);
  EXPECT_EQ(tiles[0], (Rect{0, 0, 640, 360}));
  EXPECT_EQ(tiles[3], (Rect{640, 360, 640, 360}));
}

TEST(Layout, GridOfNineIsThreeByThree) {
  const auto tiles = compute_layout(LayoutKind::grid, 9, 1280, 720);
  ASSERT_EQ(tiles.size(), 9u);
  EXPECT_EQ(tiles[4].width, 426);
  EXPECT_EQ(tiles[4].height, 238);
}

TEST(Layout, EveryLayoutKeepsTilesInsideEvenAndDisjoint) {
  for (auto kind : {LayoutKind::grid, LayoutKind::speaker, LayoutKind::host, LayoutKind::relay, LayoutKind::upstream}) {
    for (std::size_t n = 1; n <= 25; ++n) {
      const auto tiles = compute_layout(kind, n, 1280, 720);
      ASSERT_EQ(tiles.size(), n);
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_TRUE(inside(tiles[i], 1280, 720)) << to_string(kind) << " n=" << n << " i=" << i;
        EXPECT_EQ(tiles[i].width % 2, 0);
        EXPECT_EQ(tiles[i].height % 2, 0);
        EXPECT_EQ(tiles[i].x % 2, 0);
        EXPECT_EQ(tiles[i].y % 2, 0);
        for (std::size_t j = i + 1; j < n; ++j) EXPECT_FALSE(overlap(tiles[i], tiles[j]));
      }
    }
  }
}

TEST(Layout, SpeakerLayoutMakesTheFirstTileLargest) {
  const auto tiles = compute_layout(LayoutKind::speaker, 5, 1280, 720);
  ASSERT_EQ(tiles.size(), 5u);
  for (std::size_t i = 1; i < tiles.size(); ++i) EXPECT_GT(tiles[0].width, 2 * tiles[i].width);
}

TEST(Layout, SingleLegFillsTheCanvas) {
  EXPECT_EQ(compute_layout(LayoutKind::grid, 1, 640, 360)[0], (Rect{0, 0, 640, 360}));
  EXPECT_EQ(compute_layout(LayoutKind::speaker, 1, 640, 360)[0], (Rect{0, 0, 640, 360}));
}

TEST(Layout, NoLegsNoTiles) { EXPECT_TRUE(compute_layout(LayoutKind::grid, 0, 1280, 720).empty()); }

TEST(ChooseVisible, HiddenLegsAreNotShown) {
  const std::vector<LayoutCandidate> legs{{"a", false, false}, {"b", true, false}, {"c", false, false}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"a", "c"}));
}

TEST(ChooseVisible, FloorHolderComesFirst) {
  const std::vector<LayoutCandidate> legs{{"a"}, {"b"}, {"c"}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::speaker, std::string("c"), std::string("b"), 16),
            (std::vector<std::string>{"c", "a", "b"}));
}

TEST(ChooseVisible, ActiveSpeakerIsLargeInSpeakerLayout) {
  const std::vector<LayoutCandidate> legs{{"a"}, {"b"}, {"c"}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::speaker, {}, std::string("b"), 16),
            (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, std::string("b"), 16),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ChooseVisible, HostIsLargeInHostLayout) {
  const std::vector<LayoutCandidate> legs{{"a"}, {"b", false, true}, {"c"}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::host, {}, std::string("c"), 16),
            (std::vector<std::string>{"b", "a", "c"}));
}

TEST(ChooseVisible, AtMostMaxTilesInJoinOrder) {
  std::vector<LayoutCandidate> legs;
  for (int i = 0; i < 200; ++i) legs.push_back({"leg" + std::to_string(i)});
  const auto shown = choose_visible(legs, LayoutKind::speaker, {}, std::string("leg150"), 16);
  ASSERT_EQ(shown.size(), 16u);
  EXPECT_EQ(shown[0], "leg150");
  EXPECT_EQ(shown[1], "leg0");
}

// A hall in the session through a browser leg keeps its pre-made RTP leg: one tile, not two.
TEST(ChooseVisible, HallWithABrowserLegShowsOneTileTheReceivingLeg) {
  const std::vector<LayoutCandidate> legs{{.leg_id = "rtp-1", .hall_id = "1"},
                                          {.leg_id = "rtp-2", .hall_id = "2", .receiving = true},
                                          {.leg_id = "web-1", .hall_id = "1", .receiving = true}};
  // The hall keeps its place: its browser picture stands where its RTP leg joined.
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"web-1", "rtp-2"}));
}

TEST(ChooseVisible, SilentHallShowsItsFirstLegUntilAnotherReceives) {
  std::vector<LayoutCandidate> legs{{.leg_id = "rtp-1", .hall_id = "1"}, {.leg_id = "web-1", .hall_id = "1"}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"rtp-1"}));
  legs.pop_back();  // the browser leg left: the RTP leg's tile is back
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"rtp-1"}));
}

TEST(ChooseVisible, BothLegsReceivingShowTheFirstOnly) {
  const std::vector<LayoutCandidate> legs{{.leg_id = "rtp-1", .hall_id = "1", .receiving = true},
                                          {.leg_id = "web-1", .hall_id = "1", .receiving = true}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"rtp-1"}));
}

TEST(ChooseVisible, HiddenLegGivesTheHallsTileToItsOtherLeg) {
  const std::vector<LayoutCandidate> legs{{.leg_id = "rtp-1", .video_hidden = true, .hall_id = "1", .receiving = true},
                                          {.leg_id = "web-1", .hall_id = "1"}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::grid, {}, {}, 16), (std::vector<std::string>{"web-1"}));
}

TEST(ChooseVisible, FloorGivenToTheSilentLegFeaturesTheHallsReceivingLeg) {
  const std::vector<LayoutCandidate> legs{{.leg_id = "rtp-1", .hall_id = "1", .receiving = true},
                                          {.leg_id = "rtp-2", .hall_id = "2"},
                                          {.leg_id = "web-2", .hall_id = "2", .receiving = true}};
  EXPECT_EQ(choose_visible(legs, LayoutKind::speaker, std::string("rtp-2"), {}, 16),
            (std::vector<std::string>{"web-2", "rtp-1"}));
}

TEST(LayoutNames, RoundTrip) {
  for (auto kind : {LayoutKind::grid, LayoutKind::speaker, LayoutKind::host, LayoutKind::relay, LayoutKind::upstream}) {
    EXPECT_EQ(parse_layout(to_string(kind)), kind);
  }
  EXPECT_FALSE(parse_layout("mosaic"));
}

}  // namespace
}  // namespace media
