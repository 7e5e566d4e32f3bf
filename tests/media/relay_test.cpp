#include "media/relay.hpp"

#include <gtest/gtest.h>

#include "media/layout.hpp"

namespace media {
namespace {

using Ids = std::vector<std::string>;

FeedCandidate hall(const std::string& id, bool host = false, bool muted = false, bool receiving = true) {
  return {id, LegRole::hall, host, muted, receiving};
}
FeedCandidate upstream(const std::string& id) { return {id, LegRole::upstream, false, false, true}; }

TEST(UpstreamFeed, OnlyTheHostHallGoesUpNeverTheUpstreamItself) {
  const auto feed = upstream_feed({upstream("up"), hall("a"), hall("host", true), hall("b")});
  EXPECT_EQ(feed.audio, (Ids{"host"}));
  EXPECT_EQ(feed.video, "host");
}

TEST(UpstreamFeed, AnUpstreamMarkedHostIsStillNotFedBackUp) {
  FeedCandidate up = upstream("up");
  up.is_host = true;
  const auto feed = upstream_feed({up, hall("host", true)});
  EXPECT_EQ(feed.audio, (Ids{"host"}));
  EXPECT_EQ(feed.video, "host");
}

TEST(UpstreamFeed, AMutedHostSendsNoSoundButItsPicture) {
  const auto feed = upstream_feed({upstream("up"), hall("host", true, true), hall("b")});
  EXPECT_TRUE(feed.audio.empty());
  EXPECT_EQ(feed.video, "host");
}

TEST(UpstreamFeed, TheHostsReceivingLegGivesThePictureBothLegsTheSound) {
  const auto feed = upstream_feed({hall("rtp", true, false, false), hall("browser", true, false, true)});
  EXPECT_EQ(feed.audio, (Ids{"rtp", "browser"}));
  EXPECT_EQ(feed.video, "browser");
  const auto idle = upstream_feed({hall("rtp", true, false, false), hall("browser", true, false, false)});
  EXPECT_EQ(idle.video, "rtp");
}

TEST(UpstreamFeed, NoHostNothingGoesUp) {
  const auto feed = upstream_feed({upstream("up"), hall("a"), hall("b")});
  EXPECT_TRUE(feed.audio.empty());
  EXPECT_FALSE(feed.video);
}

TEST(MixedLegs, TheUpstreamIsAlwaysHeardThenTheLoudestHalls) {
  EXPECT_EQ(mixed_legs({"up"}, {"a", "b", "c", "d"}, 4), (Ids{"up", "a", "b", "c"}));
  EXPECT_EQ(mixed_legs({"up"}, {"a", "up"}, 4), (Ids{"up", "a"}));
  EXPECT_EQ(mixed_legs({}, {"a", "b"}, 1), (Ids{"a"}));
  EXPECT_EQ(mixed_legs({"up"}, {}, 4), (Ids{"up"}));
}

TEST(LegRoles, NamesRoundTrip) {
  for (auto role : {LegRole::hall, LegRole::upstream}) EXPECT_EQ(parse_leg_role(to_string(role)), role);
  EXPECT_FALSE(parse_leg_role("parent"));
}

LayoutCandidate tile(const std::string& id, bool up = false, bool hidden = false, bool host = false,
                     const std::string& hall_id = "") {
  LayoutCandidate c{id, hidden, host, hall_id, true};
  c.is_upstream = up;
  return c;
}

TEST(RelayLayout, TheUpstreamIsLargeWhoeverHoldsTheFloorAndTheHallsFollow) {
  const std::vector<LayoutCandidate> legs{tile("host", false, false, true), tile("a"), tile("up", true), tile("b")};
  EXPECT_EQ(choose_visible(legs, LayoutKind::relay, std::string("a"), std::string("b"), 16),
            (Ids{"up", "host", "a", "b"}));
  const auto tiles = compute_layout(LayoutKind::relay, 4, 1280, 720);
  ASSERT_EQ(tiles.size(), 4u);
  for (std::size_t i = 1; i < tiles.size(); ++i) EXPECT_GT(tiles[0].width, 2 * tiles[i].width);
}

TEST(RelayLayout, UpstreamLayoutHidesTheHalls) {
  const std::vector<LayoutCandidate> legs{tile("host", false, false, true), tile("up", true), tile("b")};
  EXPECT_EQ(choose_visible(legs, LayoutKind::upstream, std::nullopt, std::nullopt, 16), (Ids{"up"}));
  EXPECT_EQ(compute_layout(LayoutKind::upstream, 1, 640, 360)[0], (Rect{0, 0, 640, 360}));
}

TEST(RelayLayout, HallsKeepOneTilePerHallAndTheTileLimit) {
  const std::vector<LayoutCandidate> legs{tile("up", true), tile("a-rtp", false, false, false, "a"),
                                          tile("a-web", false, false, false, "a"), tile("b"), tile("c")};
  EXPECT_EQ(choose_visible(legs, LayoutKind::relay, std::nullopt, std::nullopt, 3), (Ids{"up", "a-rtp", "b"}));
  EXPECT_TRUE(choose_visible(legs, LayoutKind::relay, std::nullopt, std::nullopt, 0).empty());
}

TEST(RelayLayout, AHiddenOrAbsentUpstreamLeavesTheHostLayout) {
  const std::vector<LayoutCandidate> legs{tile("a"), tile("host", false, false, true), tile("up", true, true)};
  EXPECT_EQ(choose_visible(legs, LayoutKind::relay, std::nullopt, std::nullopt, 16), (Ids{"host", "a"}));
  EXPECT_EQ(choose_visible(legs, LayoutKind::upstream, std::nullopt, std::nullopt, 16), (Ids{"host", "a"}));
}

TEST(RelayLayout, NamesRoundTrip) {
  for (auto kind : {LayoutKind::relay, LayoutKind::upstream}) EXPECT_EQ(parse_layout(to_string(kind)), kind);
}

}  // namespace
}  // namespace media
