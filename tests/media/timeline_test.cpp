// What happens over time in a running session: legs joining and leaving while
// others watch, and recording to a file.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

struct Sent {
  std::chrono::steady_clock::time_point at;
  std::uint16_t sequence;
  std::uint32_t timestamp;
};

// A viewer that only reads the composite's RTP headers (no decoding: cheap and exact).
class HeaderWatcher {
 public:
  explicit HeaderWatcher(const LegInfo& leg, bool audio = false) : thread_([this] { run(); }) {
    std::vector<std::uint8_t> hello;
    write_rtp_header(hello, audio ? 111 : 96, false, 1, 0, 0x99);
    hello.push_back(0x41);
    socket_.send_to(audio ? leg.audio.rtp : leg.video.rtp, hello);  // symmetric RTP: the node learns where we are
  }
  ~HeaderWatcher() {
    stop_ = true;
    thread_.join();
  }
  std::vector<Sent> packets() {
    std::lock_guard lock(mutex_);
    return packets_;
  }

 private:
  void run() {
    while (!stop_) {
      const auto packet = socket_.receive(50ms);
      if (!packet || looks_like_rtcp(*packet)) continue;
      const auto rtp = parse_rtp(*packet);
      if (!rtp) continue;
      std::lock_guard lock(mutex_);
      packets_.push_back({std::chrono::steady_clock::now(), rtp->sequence, rtp->timestamp});
    }
  }
  test::RawUdp socket_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<Sent> packets_;
  std::thread thread_;
};

std::unique_ptr<test::HallSender> join(Session& session, const std::string& name, std::uint32_t rgb, int tone,
                                       LegInfo* info = nullptr) {
  const auto leg = session.add_leg(test::test_leg(name, test::free_udp_port(), test::free_udp_port(), "hd"));
  auto sender = std::make_unique<test::HallSender>(leg, rgb, tone);
  sender->start();
  if (info) *info = leg;
  return sender;
}

TEST(Timeline, LegJoiningAndLeavingDoesNotStallTheOthersOutput) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.max_visible = 4;
  auto session = node.create_session(options);
  auto a = join(*session, "A", 0xFF0000, 500);
  auto b = join(*session, "B", 0x00FF00, 800);
  LegOptions viewer_options;
  viewer_options.hall_id = "viewer";
  viewer_options.output = "sd";
  const LegInfo viewer_leg = session->add_leg(viewer_options);
  session->set_video_hidden(viewer_leg.leg_id, true);  // a pure viewer, not a tile
  HeaderWatcher watcher(viewer_leg);

  std::this_thread::sleep_for(2s);
  LegInfo c_leg;
  auto c = join(*session, "C", 0x0000FF, 1300, &c_leg);
  std::this_thread::sleep_for(2s);
  c->stop();
  session->remove_leg(c_leg.leg_id);
  std::this_thread::sleep_for(2s);

  // Judge from one second in, well before C joins: the very start of a stream is not the question.
  auto packets = watcher.packets();
  ASSERT_FALSE(packets.empty());
  const auto settled = packets.front().at + 1s;
  std::erase_if(packets, [&](const Sent& p) { return p.at < settled; });
  ASSERT_GT(packets.size(), 60u);
  int sequence_gaps = 0;
  std::uint32_t largest_step = 0;
  auto largest_wait = 0ms;
  std::size_t frames = 1;
  for (std::size_t i = 1; i < packets.size(); ++i) {
    if (static_cast<std::uint16_t>(packets[i].sequence - packets[i - 1].sequence) != 1) ++sequence_gaps;
    const std::uint32_t step = packets[i].timestamp - packets[i - 1].timestamp;
    if (step != 0) ++frames;
    if (step > 3100) {
      std::cout << "[ measured ] step " << step << " after "
                << std::chrono::duration_cast<std::chrono::milliseconds>(packets[i].at - packets[0].at).count()
                << " ms\n";
    }
    largest_step = std::max(largest_step, step);
    largest_wait = std::max(largest_wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                              packets[i].at - packets[i - 1].at));
  }
  std::cout << "[ measured ] " << frames << " frames, largest timestamp step " << largest_step
            << " (3000 = one frame at 30 fps), largest wall-clock wait " << largest_wait.count() << " ms\n";
  EXPECT_EQ(sequence_gaps, 0);
  // The output frame rate is fixed: consecutive frames are one 30 fps interval apart
  // (90 kHz clock, 3000 ticks; allow rounding of the running time).
  EXPECT_LE(largest_step, 3100u);
  EXPECT_LT(largest_wait, 1000ms);  // wall clock: only a loose bound on this shared machine
}

std::string probe(const std::string& path) {
  const std::string command = "ffprobe -v error -show_entries stream=codec_type -show_entries format=duration"
                              " -of csv=p=0 '" + path + "' 2>&1";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    ::pclose(pipe);
  }
  return out;
}

class Recording : public ::testing::TestWithParam<const char*> {};

TEST_P(Recording, CompositeAndMixAreRecordedIntoAPlayableFile) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.max_visible = 4;
  auto session = node.create_session(options);
  auto a = join(*session, "A", 0xFF0000, 500);
  auto b = join(*session, "B", 0x00FF00, 800);
  const auto path = (std::filesystem::temp_directory_path() /
                     ("media-recording-" + std::to_string(::getpid()) + GetParam())).string();
  std::this_thread::sleep_for(500ms);
  session->start_recording(path);
  EXPECT_TRUE(session->stats().recording);
  EXPECT_THROW(session->start_recording(path), InvalidInput);
  std::this_thread::sleep_for(3s);
  session->stop_recording();
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_GT(std::filesystem::file_size(path), 5000u);
  const std::string info = probe(path);
  std::cout << "[ ffprobe ] " << info;
  EXPECT_NE(info.find("video"), std::string::npos);
  EXPECT_NE(info.find("audio"), std::string::npos);
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Containers, Recording, ::testing::Values(".mkv", ".mp4"),
                         [](const auto& param_info) { return std::string(param_info.param + 1); });

// Drawing a hall's name takes a GStreamer round trip; it happens before the session's lock
// is taken, so the I/O and audio threads keep their pace while halls join. Measured, not
// judged by time: the largest gap between mixed-audio packets while six halls join, beside
// how long each join took.
TEST(Timeline, AudioKeepsItsPaceWhileHallsJoin) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session({});
  auto a = join(*session, "A", 0xFF0000, 500);
  LegOptions listener;
  listener.hall_id = "listener";
  const LegInfo listener_leg = session->add_leg(listener);
  HeaderWatcher watcher(listener_leg, true);
  std::this_thread::sleep_for(1s);  // a settled stream before the joins, as a hall would see it
  const auto joins_from = std::chrono::steady_clock::now();
  auto slowest_join = 0us;
  for (int i = 0; i < 6; ++i) {
    LegOptions hall;
    hall.hall_id = "joiner-" + std::to_string(i);
    hall.display_name = "Ủy ban nhân dân xã số " + std::to_string(i);  // a name not drawn before
    const auto t0 = std::chrono::steady_clock::now();
    session->add_leg(hall);
    slowest_join = std::max(slowest_join, std::chrono::duration_cast<std::chrono::microseconds>(
                                              std::chrono::steady_clock::now() - t0));
  }
  const auto joins_until = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(500ms);
  auto packets = watcher.packets();
  std::erase_if(packets, [&](const Sent& p) { return p.at < joins_from || p.at > joins_until + 100ms; });
  ASSERT_GT(packets.size(), 1u);
  auto largest_gap = 0us;
  for (std::size_t i = 1; i < packets.size(); ++i)
    largest_gap = std::max(largest_gap, std::chrono::duration_cast<std::chrono::microseconds>(packets[i].at - packets[i - 1].at));
  std::cout << "[ measured ] six joins took up to " << slowest_join.count() / 1000.0 << " ms each; largest gap "
            << "between mixed-audio packets meanwhile " << largest_gap.count() / 1000.0 << " ms (20 ms = one frame)\n";
}

}  // namespace
}  // namespace media
