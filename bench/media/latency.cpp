// media_latency: how much latency the media node adds to a hall's picture.
//   media_latency [EXTRA_LEGS INPUT_DIR]
// A probe hall sends a black picture that turns white at a known instant; a
// receiver decodes what comes back and notes when its tile turns white. The
// same sender -> receiver chain without the node gives the baseline; the node
// adds the difference. EXTRA_LEGS other halls (replayed from INPUT_DIR/hall_i.mkv
// by media_rtp_replay) load the node meanwhile.
#include <gst/gst.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "media/layout.hpp"
#include "media/node.hpp"
#include "support.hpp"

extern char** environ;

namespace {
using namespace std::chrono_literals;
using media::test::Pipeline;
using media::test::VideoReceiver;

std::string probe_sender(std::uint16_t port) {
  return "videotestsrc is-live=true pattern=black name=src ! video/x-raw,width=640,height=360,framerate=30/1"
         " ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=600 key-int-max=30"
         " ! rtph264pay pt=96 config-interval=-1 ! udpsink host=127.0.0.1 sync=false async=false port=" +
         std::to_string(port);
}

int brightness(const media::test::RgbFrame& f, int x, int y) {
  const auto p = f.at(x, y);
  return (p[0] + p[1] + p[2]) / 3;
}

// Flips the probe white, waits until the receiver sees it; returns milliseconds.
std::vector<double> measure(Pipeline& sender, VideoReceiver& rx, double fx, double fy, int rounds) {
  GstElement* src = sender.element("src");
  auto wait_for = [&](bool white, std::chrono::steady_clock::time_point since) -> double {
    while (std::chrono::steady_clock::now() - since < 5s) {
      const auto f = rx.next_frame(500ms);
      if (!f) continue;
      const int b = brightness(*f, static_cast<int>(fx * f->width), static_cast<int>(fy * f->height));
      if (white ? b > 180 : b < 60) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
      }
    }
    return -1;
  };
  std::vector<double> samples;
  wait_for(false, std::chrono::steady_clock::now());
  for (int i = 0; i < rounds; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 37 * (i % 7)));
    const auto t = std::chrono::steady_clock::now();
    g_object_set(src, "pattern", 3 /* white */, nullptr);
    const double ms = wait_for(true, t);
    if (ms >= 0) samples.push_back(ms);
    g_object_set(src, "pattern", 2 /* black */, nullptr);
    wait_for(false, std::chrono::steady_clock::now());
  }
  std::sort(samples.begin(), samples.end());
  return samples;
}

void report(const char* what, const std::vector<double>& s) {
  if (s.empty()) {
    std::printf("%s: no samples\n", what);
    return;
  }
  std::printf("%s: median %.1f ms, min %.1f, max %.1f (%zu samples)\n", what, s[s.size() / 2], s.front(), s.back(),
              s.size());
}

}  // namespace

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  const int extra = argc > 2 ? std::stoi(argv[1]) : 0;
  const std::string inputs = argc > 2 ? argv[2] : "";
  const int rounds = 15;

  std::vector<double> direct;
  {
    const auto port = media::test::free_udp_port();
    VideoReceiver rx(port);
    Pipeline sender(probe_sender(port));
    sender.play();
    direct = measure(sender, rx, 0.5, 0.4, rounds);
  }
  report("direct (sender -> receiver)", direct);

  media::Node node(media::NodeOptions{"127.0.0.1", 0, 0});
  media::SessionOptions options;
  options.outputs = {{"hd", 1280, 720, 1500}};
  auto session = node.create_session(options);
  const auto back = media::test::free_udp_port();
  VideoReceiver rx(back);
  const auto probe_leg = session->add_leg(media::test::test_leg("probe", back, media::test::free_udp_port(), "hd"));
  std::vector<std::string> args{(std::filesystem::path(argv[0]).parent_path() / "media_rtp_replay").string(), "600"};
  for (int i = 0; i < extra; ++i) {
    const auto leg = session->add_leg(media::test::test_leg("h" + std::to_string(i), media::test::free_udp_port(),
                                                            media::test::free_udp_port(), "hd"));
    args.push_back(inputs + "/hall_" + std::to_string(i % 16) + ".mkv:" + std::to_string(leg.video.rtp) + ":" +
                   std::to_string(leg.audio.rtp));
  }
  pid_t replay = -1;
  if (extra > 0) {
    std::vector<char*> cargs;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    if (posix_spawn(&replay, cargs[0], nullptr, nullptr, cargs.data(), environ) != 0) replay = -1;
  }
  Pipeline sender(probe_sender(probe_leg.video.rtp));
  sender.play();
  std::this_thread::sleep_for(3s);
  const auto tiles = media::compute_layout(media::LayoutKind::grid, static_cast<std::size_t>(extra) + 1, 1280, 720);
  const auto& t = tiles.front();
  const auto via = measure(sender, rx, (t.x + t.width / 2.0) / 1280.0, (t.y + t.height * 0.4) / 720.0, rounds);
  report(("through the node (" + std::to_string(extra + 1) + " legs)").c_str(), via);
  if (!direct.empty() && !via.empty()) {
    std::printf("added by the node: %.1f ms (median difference)\n", via[via.size() / 2] - direct[direct.size() / 2]);
  }
  if (replay > 0) {
    kill(replay, SIGTERM);
    waitpid(replay, nullptr, 0);
  }
  return 0;
}
