// A session relayed from an outside meeting: the outside bridge is a separate
// gst-launch-1.0 process that sends a known colour and tone to the upstream leg and writes
// what comes back to files (raw RGB frames, raw PCM); the halls are the real GStreamer
// halls of the other media tests. Everything on 127.0.0.1; generous timeouts.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "media/layout.hpp"
#include "media/node.hpp"
#include "support.hpp"

extern char** environ;

namespace media {
namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr std::uint32_t kHostRgb = 0xFF0000, kOtherRgb = 0x00FF00, kUpstreamRgb = 0x0000FF;
constexpr int kHostHz = 500, kOtherHz = 800, kUpstreamHz = 1300;
constexpr int kFrameW = 32, kFrameH = 18;  // the bridge scales what it receives to this

bool near(const std::array<int, 3>& px, std::uint32_t rgb) {
  const int want[3] = {static_cast<int>((rgb >> 16) & 0xFF), static_cast<int>((rgb >> 8) & 0xFF),
                       static_cast<int>(rgb & 0xFF)};
  for (int c = 0; c < 3; ++c)
    if (std::abs(px[c] - want[c]) > 70) return false;
  return true;
}

// The outside bridge: its own process, as the Government's bridge is its own machine.
class OutsideBridge {
 public:
  OutsideBridge(const LegInfo& upstream, std::uint16_t video_in, std::uint16_t audio_in)
      : dir_(fs::temp_directory_path() / ("relay-bridge-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    const std::string caps_v = "application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96";
    const std::string caps_a = "application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111";
    std::vector<std::string> args = {
        "gst-launch-1.0", "-q",
        // What the outside meeting sends: its colour and its tone.
        "videotestsrc", "is-live=true", "pattern=solid-color", "foreground-color=" + std::to_string(0xFF000000u | kUpstreamRgb),
        "!", "video/x-raw,width=320,height=180,framerate=15/1", "!", "x264enc", "tune=zerolatency",
        "speed-preset=ultrafast", "bitrate=300", "key-int-max=15", "!", "rtph264pay", "pt=96", "config-interval=-1", "!",
        "udpsink", "host=127.0.0.1", "port=" + std::to_string(upstream.video.rtp), "sync=false", "async=false",
        "audiotestsrc", "is-live=true", "wave=sine", "volume=0.25", "freq=" + std::to_string(kUpstreamHz), "!",
        "audio/x-raw,rate=48000,channels=1", "!", "opusenc", "!", "rtpopuspay", "pt=111", "!", "udpsink",
        "host=127.0.0.1", "port=" + std::to_string(upstream.audio.rtp), "sync=false", "async=false",
        // What comes back from the province, written down for the test to read.
        "udpsrc", "port=" + std::to_string(video_in), "caps=" + caps_v, "!", "rtph264depay", "!", "avdec_h264", "!",
        "videoconvert", "!", "videoscale", "!",
        "video/x-raw,format=RGB,width=" + std::to_string(kFrameW) + ",height=" + std::to_string(kFrameH), "!",
        "filesink", "location=" + (dir_ / "video.rgb").string(), "buffer-mode=unbuffered", "sync=false", "async=false",
        "udpsrc", "port=" + std::to_string(audio_in), "caps=" + caps_a, "!", "rtpopusdepay", "!", "opusdec", "!",
        "audioconvert", "!", "audioresample", "!", "audio/x-raw,format=S16LE,rate=48000,channels=1", "!", "filesink",
        "location=" + (dir_ / "audio.raw").string(), "buffer-mode=unbuffered", "sync=false", "async=false"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (::posix_spawnp(&pid_, "gst-launch-1.0", nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  }
  ~OutsideBridge() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  OutsideBridge(const OutsideBridge&) = delete;
  OutsideBridge& operator=(const OutsideBridge&) = delete;
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

  // The last complete frame the bridge received, if any.
  std::optional<test::RgbFrame> last_frame() const {
    const auto bytes = read(dir_ / "video.rgb");
    const std::size_t size = kFrameW * kFrameH * 3;
    if (bytes.size() < size) return std::nullopt;
    test::RgbFrame f{kFrameW, kFrameH, {}};
    const std::size_t start = (bytes.size() / size - 1) * size;
    f.rgb.assign(bytes.begin() + static_cast<long>(start), bytes.begin() + static_cast<long>(start + size));
    return f;
  }
  std::size_t audio_samples() const { return read(dir_ / "audio.raw").size() / 2; }
  // The samples received after the first `from`.
  std::vector<std::int16_t> audio_since(std::size_t from) const {
    const auto bytes = read(dir_ / "audio.raw");
    std::vector<std::int16_t> s;
    for (std::size_t i = from * 2; i + 1 < bytes.size(); i += 2)
      s.push_back(static_cast<std::int16_t>(bytes[i] | (bytes[i + 1] << 8)));
    return s;
  }

 private:
  static std::vector<std::uint8_t> read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
  pid_t pid_ = -1;
};

struct Hall {
  std::uint16_t video_back = test::free_udp_port();
  std::uint16_t audio_back = test::free_udp_port();
  std::unique_ptr<test::VideoReceiver> video = std::make_unique<test::VideoReceiver>(video_back);
  std::unique_ptr<test::AudioReceiver> audio = std::make_unique<test::AudioReceiver>(audio_back);
  LegInfo leg;
  std::unique_ptr<test::HallSender> sender;
};

class RelayedSession : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<Node>(NodeOptions{"127.0.0.1", 0, 0});
    SessionOptions options;
    options.layout = LayoutKind::relay;
    options.max_visible = 4;
    session_ = node_->create_session(options);
    join(host_, "host", true, kHostRgb, kHostHz);
    join(other_, "other", false, kOtherRgb, kOtherHz);
    LegOptions up;
    up.hall_id = "upstream";
    up.display_name = "Trung ương";
    up.role = LegRole::upstream;
    up.video.rtcp_mux = false;  // a plain RTP bridge: RTCP on its own port, never in the depayloader
    up.video.remote_rtp = Endpoint{"127.0.0.1", bridge_video_};
    up.video.remote_rtcp = Endpoint{"127.0.0.1", test::free_udp_port()};
    up.audio.rtcp_mux = false;
    up.audio.remote_rtp = Endpoint{"127.0.0.1", bridge_audio_};
    up.audio.remote_rtcp = Endpoint{"127.0.0.1", test::free_udp_port()};
    upstream_ = session_->add_leg(up);
    bridge_ = std::make_unique<OutsideBridge>(upstream_, bridge_video_, bridge_audio_);
    ASSERT_TRUE(bridge_->running());
  }
  void TearDown() override {
    bridge_.reset();
    host_.sender.reset();
    other_.sender.reset();
    session_.reset();
    node_.reset();
  }
  void join(Hall& hall, const std::string& name, bool is_host, std::uint32_t rgb, int hz) {
    LegOptions o = test::test_leg(name, hall.video_back, hall.audio_back);
    o.is_host = is_host;
    hall.leg = session_->add_leg(o);
    hall.sender = std::make_unique<test::HallSender>(hall.leg, rgb, hz);
    hall.sender->start();
  }
  // The large tile of the relay layout (4:3 of the sd output is scaled the same way).
  bool large_tile_shows(Hall& viewer, std::uint32_t rgb) {
    const auto frame = viewer.video->next_frame(2000ms);
    if (!frame) return false;
    const Rect r = compute_layout(LayoutKind::relay, 3, 1280, 720).front();
    return near(frame->at((r.x + r.width / 2) * frame->width / 1280, (r.y + r.height / 3) * frame->height / 720), rgb);
  }

  std::unique_ptr<Node> node_;
  std::shared_ptr<Session> session_;
  Hall host_, other_;
  LegInfo upstream_;
  std::uint16_t bridge_video_ = test::free_udp_port();
  std::uint16_t bridge_audio_ = test::free_udp_port();
  std::unique_ptr<OutsideBridge> bridge_;
};

TEST_F(RelayedSession, EveryHallSeesTheUpstreamLargeAndHearsIt) {
  for (Hall* hall : {&host_, &other_}) {
    EXPECT_TRUE(test::eventually([&] { return large_tile_shows(*hall, kUpstreamRgb); }, 30s));
    std::this_thread::sleep_for(1s);
    const auto heard = hall->audio->collect(3000ms);
    ASSERT_GT(heard.size(), 48000u);
    const double upstream = test::tone_power(heard, kUpstreamHz);
    const int own_hz = hall == &host_ ? kHostHz : kOtherHz;
    EXPECT_GT(upstream, 100 * test::tone_power(heard, own_hz)) << "a hall hears the upstream, not itself";
  }
  // The host hears the other hall too: the halls' own mix is unchanged.
  const auto heard = host_.audio->collect(2000ms);
  EXPECT_GT(test::tone_power(heard, kOtherHz), 100 * test::tone_power(heard, kHostHz));
}

TEST_F(RelayedSession, TheBridgeGetsTheHostHallsPictureAndSoundAlone) {
  EXPECT_TRUE(test::eventually([&] {
    const auto f = bridge_->last_frame();
    return f && near(f->at(kFrameW / 2, kFrameH / 2), kHostRgb);
  }, 30s)) << "the bridge never received the host's red picture";
  ASSERT_TRUE(test::eventually([&] { return bridge_->audio_samples() > 48000; }, 20s));
  std::this_thread::sleep_for(1s);
  const std::size_t from = bridge_->audio_samples();
  std::this_thread::sleep_for(3s);
  const auto up = bridge_->audio_since(from);
  ASSERT_GT(up.size(), 96000u);
  const double host = test::tone_power(up, kHostHz);
  EXPECT_GT(host, 100 * test::tone_power(up, kOtherHz)) << "a non-host hall's tone went up";
  EXPECT_GT(host, 100 * test::tone_power(up, kUpstreamHz)) << "the upstream's own tone came back to it";

  // Muting the host silences what goes up; the other hall still does not reach it.
  session_->set_audio_muted(host_.leg.leg_id, true);
  std::this_thread::sleep_for(1s);
  const std::size_t muted_from = bridge_->audio_samples();
  std::this_thread::sleep_for(2s);
  const auto muted = bridge_->audio_since(muted_from);
  EXPECT_LT(test::tone_power(muted, kOtherHz), host / 100);
  EXPECT_LT(test::tone_power(muted, kHostHz), host / 100);
}

TEST_F(RelayedSession, TheUpstreamLegIsReportedAsUpstreamWithItsPorts) {
  EXPECT_TRUE(test::eventually([&] {
    for (const auto& leg : session_->stats().legs)
      if (leg.role == LegRole::upstream) return leg.health.state == LegState::ok;
    return false;
  }, 30s));
  const auto stats = session_->stats();
  int upstreams = 0;
  for (const auto& leg : stats.legs) {
    if (leg.role != LegRole::upstream) continue;
    ++upstreams;
    EXPECT_EQ(leg.leg_id, upstream_.leg_id);
    EXPECT_EQ(leg.video_ports.rtp, upstream_.video.rtp);
    EXPECT_EQ(leg.audio_ports.rtp, upstream_.audio.rtp);
    EXPECT_GT(leg.counters.video.packets_out, 0u) << "the host's picture is forwarded to it";
    EXPECT_TRUE(leg.visible);
  }
  EXPECT_EQ(upstreams, 1);
}

TEST_F(RelayedSession, TheUpstreamLayoutHidesTheHalls) {
  session_->set_layout(LayoutKind::upstream);
  EXPECT_TRUE(test::eventually([&] {
    const auto frame = other_.video->next_frame(2000ms);
    // Alone, the upstream fills the picture: its colour at the bottom where the halls' strip was.
    return frame && near(frame->at(frame->width / 2, frame->height * 9 / 10), kUpstreamRgb);
  }, 30s));
  for (const auto& leg : session_->stats().legs) EXPECT_EQ(leg.visible, leg.role == LegRole::upstream) << leg.hall_id;
}

}  // namespace
}  // namespace media
