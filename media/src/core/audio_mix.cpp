#include "media/audio_mix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace media {

double level_dbov(std::span<const std::int16_t> samples) {
  if (samples.empty()) return kSilenceDbov;
  double sum = 0.0;
  for (const std::int16_t s : samples) sum += static_cast<double>(s) * s;
  const double rms = std::sqrt(sum / static_cast<double>(samples.size())) / 32768.0;
  if (rms <= 0.0) return kSilenceDbov;
  return std::max(kSilenceDbov, 20.0 * std::log10(rms));
}

std::vector<std::string> select_loudest(const std::vector<SpeakerLevel>& levels, std::size_t k,
                                        const std::vector<std::string>& current, double floor_dbov,
                                        double hysteresis_db) {
  std::vector<std::pair<double, const std::string*>> ranked;
  for (const auto& l : levels) {
    if (l.level_dbov <= floor_dbov) continue;
    const bool is_current = std::find(current.begin(), current.end(), l.leg_id) != current.end();
    ranked.emplace_back(l.level_dbov + (is_current ? hysteresis_db : 0.0), &l.leg_id);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) chosen.push_back(*ranked[i].second);
  return chosen;
}

Limiter::Limiter(double ceiling, double release_per_sample)
    : ceiling_(ceiling * 32767.0), release_(release_per_sample) {}

void Limiter::process(std::span<const std::int32_t> in, std::span<std::int16_t> out) {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(in[i]);
    const double peak = std::abs(x);
    const double needed = peak > ceiling_ ? ceiling_ / peak : 1.0;
    if (needed < gain_) {
      gain_ = needed;  // instant attack: this sample already fits
    } else {
      gain_ = std::min(needed, gain_ + (1.0 - gain_) * release_);
    }
    const double y = std::clamp(x * gain_, -32768.0, 32767.0);
    out[i] = static_cast<std::int16_t>(std::lround(y));
  }
}

void mix_sum(const std::vector<std::span<const std::int16_t>>& frames, std::span<std::int32_t> out) {
  std::fill(out.begin(), out.end(), 0);
  for (const auto& frame : frames) {
    const std::size_t n = std::min(frame.size(), out.size());
    for (std::size_t i = 0; i < n; ++i) out[i] += frame[i];
  }
}

void mix_minus(std::span<const std::int32_t> total, std::span<const std::int16_t> own,
               std::span<std::int32_t> out) {
  const std::size_t n = std::min(total.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = total[i] - (i < own.size() ? own[i] : 0);
}

}  // namespace media
