#pragma once
// The outside bridge of a relayed meeting, played by its own gst-launch-1.0 process (as the
// Government's bridge is its own machine): it sends a solid colour and a tone to the upstream
// leg's RTP ports on 127.0.0.1 and writes what comes back (RGB frames of kFrameWidth ×
// kFrameHeight, mono 48 kHz S16LE) to files that the test reads while it runs.
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace testing_support {

// gst-launch-1.0 arguments of a sender: a solid colour as H.264 (PT 96) to `port`, and a
// sine tone as Opus (PT 111) to `port`, both live, on 127.0.0.1.
std::vector<std::string> gst_colour_sender(std::uint32_t rgb, int port);
std::vector<std::string> gst_tone_sender(int hz, int port);

class OutsideBridge {
 public:
  static constexpr int kFrameWidth = 32, kFrameHeight = 18;

  // Sends `rgb` and `tone_hz` to the leg's ports; receives on `video_in` and `audio_in`.
  OutsideBridge(std::uint32_t rgb, int tone_hz, int leg_video, int leg_audio, int video_in, int audio_in);
  ~OutsideBridge();
  OutsideBridge(const OutsideBridge&) = delete;
  OutsideBridge& operator=(const OutsideBridge&) = delete;

  bool running() const;
  // The centre pixel of the last complete frame received, if any.
  std::optional<std::array<int, 3>> centre() const;
  // Mono 48 kHz samples received so far, and those after the first `from`.
  std::size_t samples() const;
  std::vector<std::int16_t> samples_since(std::size_t from) const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

}  // namespace testing_support
