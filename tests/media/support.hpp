#pragma once
// Real GStreamer peers for the media integration tests: halls that send a
// colour and a tone over RTP, receivers that decode what the node sends back,
// a raw UDP socket for hand-made RTP/RTCP. Everything on 127.0.0.1.
#include "signal_checks.hpp"
#include <gst/gst.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "media/node.hpp"

namespace media::test {

using namespace std::chrono_literals;

using testing_support::free_udp_port;

// Polls `done` every 50 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

class Pipeline {
 public:
  explicit Pipeline(const std::string& description);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  void play();
  void stop();
  GstElement* element(const std::string& name) const;  // borrowed

 private:
  GstElement* pipeline_ = nullptr;
};

// A hall's codec: H.264 of a solid colour and Opus of a sine tone. `chroma` is the
// raw format x264 encodes (I420; Y444 or Y42B for the 4:4:4 and 4:2:2 profiles).
class HallSender {
 public:
  HallSender(const LegInfo& leg, std::uint32_t rgb, int tone_hz, std::uint16_t video_port_override = 0,
             const std::string& chroma = "I420");
  void start() { pipeline_.play(); }
  void stop() { pipeline_.stop(); }

 private:
  Pipeline pipeline_;
};

struct RgbFrame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // tightly packed
  std::array<int, 3> at(int x, int y) const;
};

class VideoReceiver {
 public:
  explicit VideoReceiver(std::uint16_t port);
  // The most recent decoded frame, waiting up to `timeout` for one.
  std::optional<RgbFrame> next_frame(std::chrono::milliseconds timeout);

 private:
  Pipeline pipeline_;
};

class AudioReceiver {
 public:
  explicit AudioReceiver(std::uint16_t port);
  // Mono 48 kHz samples received over the next `duration`.
  std::vector<std::int16_t> collect(std::chrono::milliseconds duration);

 private:
  Pipeline pipeline_;
};

using testing_support::tone_power;

class RawUdp {
 public:
  RawUdp();
  ~RawUdp();
  RawUdp(const RawUdp&) = delete;
  RawUdp& operator=(const RawUdp&) = delete;
  std::uint16_t port() const { return port_; }
  void send_to(std::uint16_t port, const std::vector<std::uint8_t>& data) const;
  std::optional<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout,
                                                    std::uint16_t* from_port = nullptr) const;

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// Legs for tests: the node sends back to fixed ports (our receivers); RTCP
// goes to a separate port so it never reaches an RTP depayloader.
LegOptions test_leg(const std::string& hall, std::uint16_t video_back, std::uint16_t audio_back,
                    const std::string& output = "sd");

}  // namespace media::test
