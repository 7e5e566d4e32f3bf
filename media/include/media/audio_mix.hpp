#pragma once
// Pure audio maths: levels, loudest-K selection, mix-minus and a limiter.
// Samples are signed 16-bit PCM, 48 kHz mono, 20 ms frames (960 samples).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace media {

inline constexpr int kAudioRate = 48000;
inline constexpr std::size_t kFrameSamples = 960;  // 20 ms
inline constexpr double kSilenceDbov = -127.0;

// RMS level relative to full scale (dBov, RFC 6464); kSilenceDbov for silence.
double level_dbov(std::span<const std::int16_t> samples);

struct SpeakerLevel {
  std::string leg_id;
  double level_dbov = kSilenceDbov;
};

// Up to k legs above floor_dbov, loudest first. Current speakers get a
// hysteresis bonus so near-equal voices do not flap in and out of the mix.
std::vector<std::string> select_loudest(const std::vector<SpeakerLevel>& levels, std::size_t k,
                                        const std::vector<std::string>& current,
                                        double floor_dbov = -60.0, double hysteresis_db = 3.0);

// Brick-wall limiter with instant attack and smooth release: output never
// exceeds the ceiling, so a loud mix is compressed, never truncated.
class Limiter {
 public:
  explicit Limiter(double ceiling = 0.89, double release_per_sample = 0.0005);
  void process(std::span<const std::int32_t> in, std::span<std::int16_t> out);
  double gain() const { return gain_; }

 private:
  double ceiling_;
  double release_;
  double gain_ = 1.0;
};

// Sum of the speaker frames (int32, no clipping yet).
void mix_sum(const std::vector<std::span<const std::int16_t>>& frames, std::span<std::int32_t> out);
// total - own: what a speaker hears (everyone but itself).
void mix_minus(std::span<const std::int32_t> total, std::span<const std::int16_t> own,
               std::span<std::int32_t> out);

}  // namespace media
