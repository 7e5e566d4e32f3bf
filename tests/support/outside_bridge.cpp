#include "outside_bridge.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "child_process.hpp"

namespace testing_support {
namespace fs = std::filesystem;
namespace {

std::vector<std::uint8_t> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void append(std::vector<std::string>& to, const std::vector<std::string>& part) {
  to.insert(to.end(), part.begin(), part.end());
}

}  // namespace

std::vector<std::string> gst_colour_sender(std::uint32_t rgb, int port) {
  return {"videotestsrc", "is-live=true", "pattern=solid-color", "foreground-color=" + std::to_string(0xFF000000u | rgb),
          "!", "video/x-raw,width=320,height=180,framerate=15/1", "!", "x264enc", "tune=zerolatency",
          "speed-preset=ultrafast", "bitrate=300", "key-int-max=15", "!", "rtph264pay", "pt=96", "config-interval=-1",
          "!", "udpsink", "host=127.0.0.1", "port=" + std::to_string(port), "sync=false", "async=false"};
}

std::vector<std::string> gst_tone_sender(int hz, int port) {
  return {"audiotestsrc", "is-live=true", "wave=sine", "volume=0.25", "freq=" + std::to_string(hz), "!",
          "audio/x-raw,rate=48000,channels=1", "!", "opusenc", "!", "rtpopuspay", "pt=111", "!", "udpsink",
          "host=127.0.0.1", "port=" + std::to_string(port), "sync=false", "async=false"};
}

OutsideBridge::OutsideBridge(std::uint32_t rgb, int tone_hz, int leg_video, int leg_audio, int video_in,
                             int audio_in)
    : dir_(fs::temp_directory_path() / ("outside-bridge-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(video_in))) {
  fs::create_directories(dir_);
  std::vector<std::string> args{"gst-launch-1.0", "-q"};
  // What the outside meeting sends: its colour and its tone.
  append(args, gst_colour_sender(rgb, leg_video));
  append(args, gst_tone_sender(tone_hz, leg_audio));
  // What comes back from the province, written down for the test to read.
  append(args, {"udpsrc", "port=" + std::to_string(video_in),
                "caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96", "!",
                "rtph264depay", "!", "avdec_h264", "!", "videoconvert", "!", "videoscale", "!",
                "video/x-raw,format=RGB,width=" + std::to_string(kFrameWidth) + ",height=" +
                    std::to_string(kFrameHeight),
                "!", "filesink", "location=" + (dir_ / "video.rgb").string(), "buffer-mode=unbuffered", "sync=false",
                "async=false"});
  append(args, {"udpsrc", "port=" + std::to_string(audio_in),
                "caps=application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111", "!",
                "rtpopusdepay", "!", "opusdec", "!", "audioconvert", "!", "audioresample", "!",
                "audio/x-raw,format=S16LE,rate=48000,channels=1", "!", "filesink",
                "location=" + (dir_ / "audio.raw").string(), "buffer-mode=unbuffered", "sync=false", "async=false"});
  pid_ = spawn(args);
}

OutsideBridge::~OutsideBridge() {
  if (pid_ > 0) stop_process(pid_);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

bool OutsideBridge::running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

std::optional<std::array<int, 3>> OutsideBridge::centre() const {
  const auto bytes = read_all(dir_ / "video.rgb");
  const std::size_t size = static_cast<std::size_t>(kFrameWidth) * kFrameHeight * 3;
  if (bytes.size() < size) return std::nullopt;
  const std::size_t at =
      (bytes.size() / size - 1) * size + (static_cast<std::size_t>(kFrameHeight / 2) * kFrameWidth + kFrameWidth / 2) * 3;
  return std::array<int, 3>{bytes[at], bytes[at + 1], bytes[at + 2]};
}

std::size_t OutsideBridge::samples() const { return read_all(dir_ / "audio.raw").size() / 2; }

std::vector<std::int16_t> OutsideBridge::samples_since(std::size_t from) const {
  const auto bytes = read_all(dir_ / "audio.raw");
  std::vector<std::int16_t> s;
  for (std::size_t i = from * 2; i + 1 < bytes.size(); i += 2)
    s.push_back(static_cast<std::int16_t>(bytes[i] | (bytes[i + 1] << 8)));
  return s;
}

}  // namespace testing_support
