#include "support.hpp"

#include <arpa/inet.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace media::test {

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

Pipeline::Pipeline(const std::string& description) {
  gst_init(nullptr, nullptr);
  GError* error = nullptr;
  pipeline_ = gst_parse_launch(description.c_str(), &error);
  if (error) {
    std::string message = error->message;
    g_error_free(error);
    throw std::runtime_error("test pipeline: " + message);
  }
}

Pipeline::~Pipeline() {
  stop();
  gst_object_unref(pipeline_);
}

void Pipeline::play() { gst_element_set_state(pipeline_, GST_STATE_PLAYING); }
void Pipeline::stop() { gst_element_set_state(pipeline_, GST_STATE_NULL); }

GstElement* Pipeline::element(const std::string& name) const {
  GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline_), name.c_str());
  if (e) gst_object_unref(e);
  return e;
}

namespace {
std::string sender(const LegInfo& leg, std::uint32_t rgb, int tone_hz, std::uint16_t video_port,
                   const std::string& chroma) {
  std::ostringstream s;
  s << "videotestsrc is-live=true pattern=solid-color foreground-color=" << (0xFF000000u | rgb)
    << " ! video/x-raw,format=" << chroma << ",width=320,height=180,framerate=15/1 ! x264enc tune=zerolatency speed-preset=ultrafast"
    << " bitrate=300 key-int-max=30 ! rtph264pay pt=96 config-interval=-1 ! udpsink host=127.0.0.1 port="
    << (video_port ? video_port : leg.video.rtp) << " sync=false async=false "
    << "audiotestsrc is-live=true wave=sine volume=0.25 freq=" << tone_hz
    << " ! audio/x-raw,rate=48000,channels=1 ! opusenc ! rtpopuspay pt=111 ! udpsink host=127.0.0.1 port="
    << leg.audio.rtp << " sync=false async=false";
  return s.str();
}
}  // namespace

HallSender::HallSender(const LegInfo& leg, std::uint32_t rgb, int tone_hz, std::uint16_t video_port_override,
                       const std::string& chroma)
    : pipeline_(sender(leg, rgb, tone_hz, video_port_override, chroma)) {}

std::array<int, 3> RgbFrame::at(int x, int y) const {
  const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

VideoReceiver::VideoReceiver(std::uint16_t port)
    : pipeline_("udpsrc port=" + std::to_string(port) +
                " caps=\"application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=96\""
                " ! rtph264depay ! avdec_h264 ! videoconvert ! video/x-raw,format=RGB"
                " ! appsink name=sink sync=false max-buffers=1 drop=true") {
  pipeline_.play();
}

std::optional<RgbFrame> VideoReceiver::next_frame(std::chrono::milliseconds timeout) {
  auto* sink = GST_APP_SINK(pipeline_.element("sink"));
  GstSample* sample = gst_app_sink_try_pull_sample(
      sink, static_cast<GstClockTime>(std::chrono::nanoseconds(timeout).count()));
  if (!sample) return std::nullopt;
  RgbFrame frame;
  GstVideoInfo info;
  gst_video_info_from_caps(&info, gst_sample_get_caps(sample));
  GstVideoFrame vf;
  if (gst_video_frame_map(&vf, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
    frame.width = info.width;
    frame.height = info.height;
    const auto* data = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&vf, 0));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&vf, 0);
    for (int y = 0; y < info.height; ++y) {
      frame.rgb.insert(frame.rgb.end(), data + y * stride, data + y * stride + info.width * 3);
    }
    gst_video_frame_unmap(&vf);
  }
  gst_sample_unref(sample);
  return frame;
}

AudioReceiver::AudioReceiver(std::uint16_t port)
    : pipeline_("udpsrc port=" + std::to_string(port) +
                " caps=\"application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111\""
                " ! rtpopusdepay ! opusdec ! audioconvert ! audioresample"
                " ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! appsink name=sink sync=false") {
  pipeline_.play();
}

std::vector<std::int16_t> AudioReceiver::collect(std::chrono::milliseconds duration) {
  auto* sink = GST_APP_SINK(pipeline_.element("sink"));
  std::vector<std::int16_t> samples;
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    GstSample* sample = gst_app_sink_try_pull_sample(sink, 100 * GST_MSECOND);
    if (!sample) continue;
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      const auto* s = reinterpret_cast<const std::int16_t*>(map.data);
      samples.insert(samples.end(), s, s + map.size / 2);
      gst_buffer_unmap(buffer, &map);
    }
    gst_sample_unref(sample);
  }
  return samples;
}

RawUdp::RawUdp() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof a;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
}

RawUdp::~RawUdp() { ::close(fd_); }

void RawUdp::send_to(std::uint16_t port, const std::vector<std::uint8_t>& data) const {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  (void)::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
}

std::optional<std::vector<std::uint8_t>> RawUdp::receive(std::chrono::milliseconds timeout,
                                                          std::uint16_t* from_port) const {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  std::vector<std::uint8_t> data(65536);
  sockaddr_in from{};
  socklen_t len = sizeof from;
  const auto n = ::recvfrom(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n < 0) return std::nullopt;
  data.resize(static_cast<std::size_t>(n));
  if (from_port) *from_port = ntohs(from.sin_port);
  return data;
}

LegOptions test_leg(const std::string& hall, std::uint16_t video_back, std::uint16_t audio_back,
                    const std::string& output) {
  LegOptions o;
  o.hall_id = hall;
  o.display_name = "Hall " + hall;
  o.output = output;
  o.video.rtcp_mux = false;
  o.video.remote_rtp = Endpoint{"127.0.0.1", video_back};
  o.video.remote_rtcp = Endpoint{"127.0.0.1", free_udp_port()};
  o.audio.rtcp_mux = false;
  o.audio.remote_rtp = Endpoint{"127.0.0.1", audio_back};
  o.audio.remote_rtcp = Endpoint{"127.0.0.1", free_udp_port()};
  return o;
}

}  // namespace media::test
