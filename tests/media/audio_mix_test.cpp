#include "media/audio_mix.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace media {
namespace {

std::vector<std::int16_t> tone(double freq, double amplitude) {
  std::vector<std::int16_t> s(kFrameSamples);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s[i] = static_cast<std::int16_t>(amplitude * 32767.0 *
                                     std::sin(2.0 * std::numbers::pi * freq * static_cast<double>(i) / kAudioRate));
  }
  return s;
}

TEST(Level, FullScaleSineIsAboutMinusThreeDbov) {
  EXPECT_NEAR(level_dbov(tone(1000, 1.0)), -3.0, 0.2);
  EXPECT_NEAR(level_dbov(tone(1000, 0.1)), -23.0, 0.2);
}

TEST(Level, SilenceIsTheFloor) {
  const std::vector<std::int16_t> zero(kFrameSamples, 0);
  EXPECT_EQ(level_dbov(zero), kSilenceDbov);
}

TEST(SelectLoudest, PicksKLoudestAboveTheFloor) {
  const std::vector<SpeakerLevel> levels{{"a", -30}, {"b", -10}, {"c", -80}, {"d", -20}, {"e", -25}};
  EXPECT_EQ(select_loudest(levels, 2, {}), (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(select_loudest(levels, 10, {}), (std::vector<std::string>{"b", "d", "e", "a"}));
}

TEST(SelectLoudest, CurrentSpeakerKeepsItsPlaceAgainstASlightlyLouderOne) {
  const std::vector<SpeakerLevel> levels{{"a", -21}, {"b", -20}};
  EXPECT_EQ(select_loudest(levels, 1, {"a"}), (std::vector<std::string>{"a"}));
  EXPECT_EQ(select_loudest(levels, 1, {}), (std::vector<std::string>{"b"}));
}

TEST(MixMinus, SpeakerDoesNotHearItself) {
  const auto a = tone(440, 0.2);
  const auto b = tone(660, 0.2);
  std::vector<std::int32_t> total(kFrameSamples), minus_a(kFrameSamples);
  mix_sum({a, b}, total);
  mix_minus(total, a, minus_a);
  for (std::size_t i = 0; i < kFrameSamples; ++i) EXPECT_EQ(minus_a[i], b[i]);
}

TEST(Limiter, LoudMixIsCompressedNotClipped) {
  const auto a = tone(440, 0.9);
  std::vector<std::int32_t> total(kFrameSamples);
  mix_sum({a, a, a}, total);  // 2.7x full scale
  std::vector<std::int16_t> out(kFrameSamples);
  Limiter limiter;
  limiter.process(total, out);
  int max_abs = 0;
  for (auto s : out) max_abs = std::max(max_abs, std::abs(static_cast<int>(s)));
  EXPECT_LE(max_abs, static_cast<int>(0.89 * 32767) + 1);
  EXPECT_GT(max_abs, 20000);  // still loud, not muted
  EXPECT_LT(limiter.gain(), 0.5);
}

TEST(Limiter, QuietSignalPassesUnchanged) {
  const auto a = tone(440, 0.1);
  std::vector<std::int32_t> in(a.begin(), a.end());
  std::vector<std::int16_t> out(kFrameSamples);
  Limiter limiter;
  limiter.process(in, out);
  EXPECT_EQ(out, a);
}

}  // namespace
}  // namespace media
