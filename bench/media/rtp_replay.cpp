// media_rtp_replay: plays recorded halls to a media node as RTP, in real time,
// cheaply enough to feed hundreds of legs from one process.
//   media_rtp_replay SECONDS FILE:VIDEO_PORT:AUDIO_PORT [...]
// A port of 0 leaves that medium out. FILE is a Matroska file with H.264 video and Opus audio (make_inputs.sh).
// Each file is packetised once (rtph264pay, rtpopuspay) into memory; every
// target then gets its own SSRCs and sequence numbers, looping the file.
#include <arpa/inet.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Packet {
  std::int64_t offset_ns;
  bool video;
  std::vector<std::uint8_t> bytes;
};

struct Recording {
  std::vector<Packet> packets;  // sorted by offset
  std::int64_t duration_ns = 0;
};

struct Collector {
  std::mutex mutex;
  std::vector<Packet>* out;
  bool video;
};

GstFlowReturn on_sample(GstAppSink* sink, gpointer data) {
  auto* c = static_cast<Collector*>(data);
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (!sample) return GST_FLOW_OK;
  auto add = [&](GstBuffer* b) {
    GstMapInfo map;
    if (!gst_buffer_map(b, &map, GST_MAP_READ)) return;
    Packet p{static_cast<std::int64_t>(GST_BUFFER_PTS(b)), c->video, {map.data, map.data + map.size}};
    gst_buffer_unmap(b, &map);
    std::lock_guard lock(c->mutex);
    c->out->push_back(std::move(p));
  };
  if (GstBufferList* list = gst_sample_get_buffer_list(sample)) {
    for (guint i = 0; i < gst_buffer_list_length(list); ++i) add(gst_buffer_list_get(list, i));
  } else {
    add(gst_sample_get_buffer(sample));
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

Recording load(const std::string& file) {
  const std::string text = "filesrc location=\"" + file + "\" ! matroskademux name=d "
                           "d.video_0 ! queue ! h264parse ! rtph264pay pt=96 mtu=1200 config-interval=-1 ! appsink name=v sync=false "
                           "d.audio_0 ! queue ! opusparse ! rtpopuspay pt=111 ! appsink name=a sync=false";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(text.c_str(), &error);
  if (error) {
    std::fprintf(stderr, "replay: %s\n", error->message);
    std::exit(1);
  }
  std::vector<Packet> video, audio;
  Collector cv{{}, &video, true}, ca{{}, &audio, false};
  GstAppSinkCallbacks cb{};
  cb.new_sample = on_sample;
  GstElement* v = gst_bin_get_by_name(GST_BIN(pipeline), "v");
  GstElement* a = gst_bin_get_by_name(GST_BIN(pipeline), "a");
  gst_app_sink_set_callbacks(GST_APP_SINK(v), &cb, &cv, nullptr);
  gst_app_sink_set_callbacks(GST_APP_SINK(a), &cb, &ca, nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* msg = gst_bus_timed_pop_filtered(bus, GST_CLOCK_TIME_NONE,
                                               static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    std::exit(1);
  }
  gst_message_unref(msg);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(v);
  gst_object_unref(a);
  gst_object_unref(pipeline);
  Recording r;
  r.packets = std::move(video);
  r.packets.insert(r.packets.end(), std::make_move_iterator(audio.begin()), std::make_move_iterator(audio.end()));
  std::stable_sort(r.packets.begin(), r.packets.end(), [](const Packet& x, const Packet& y) { return x.offset_ns < y.offset_ns; });
  const std::int64_t first = r.packets.front().offset_ns;
  for (auto& p : r.packets) p.offset_ns -= first;
  r.duration_ns = r.packets.back().offset_ns + 33'000'000;
  return r;
}

struct Target {
  const Recording* recording;
  sockaddr_in video{}, audio{};
  std::size_t next = 0;
  std::int64_t loop_offset_ns = 0;
  std::int64_t start_ns = 0;
  std::uint32_t video_ssrc, audio_ssrc;
  std::uint16_t video_seq = 0, audio_seq = 0;
  std::uint32_t loops = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: media_rtp_replay SECONDS FILE:VIDEO_PORT:AUDIO_PORT ...\n");
    return 2;
  }
  gst_init(nullptr, nullptr);
  const double seconds = std::stod(argv[1]);
  std::map<std::string, std::unique_ptr<Recording>> recordings;
  std::vector<Target> targets;
  std::mt19937 gen{std::random_device{}()};
  for (int i = 2; i < argc; ++i) {
    const std::string spec = argv[i];
    const auto c2 = spec.rfind(':');
    const auto c1 = spec.rfind(':', c2 - 1);
    const std::string file = spec.substr(0, c1);
    auto& rec = recordings[file];
    if (!rec) rec = std::make_unique<Recording>(load(file));
    Target t;
    t.recording = rec.get();
    for (auto [addr, port] : {std::pair{&t.video, spec.substr(c1 + 1, c2 - c1 - 1)}, std::pair{&t.audio, spec.substr(c2 + 1)}}) {
      addr->sin_family = AF_INET;
      addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr->sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    }
    t.video_ssrc = static_cast<std::uint32_t>(gen());
    t.audio_ssrc = static_cast<std::uint32_t>(gen());
    t.start_ns = static_cast<std::int64_t>(targets.size() % 33) * 1'000'000;  // spread the bursts
    targets.push_back(t);
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  // REPLAY_SOURCE_PORT: send from this port (peers that only accept packets from the
  // address they send to, such as Janus's plain-RTP participants).
  if (const char* port = std::getenv("REPLAY_SOURCE_PORT")) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    local.sin_port = htons(static_cast<std::uint16_t>(std::stoi(port)));
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      std::fprintf(stderr, "replay: cannot bind source port %s\n", port);
      return 1;
    }
  }
  const auto begin = std::chrono::steady_clock::now();
  std::uint64_t sent = 0;
  std::vector<std::uint8_t> out;
  while (true) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - begin).count();
    if (now > static_cast<std::int64_t>(seconds * 1e9)) break;
    for (auto& t : targets) {
      const auto& pk = t.recording->packets;
      while (t.start_ns + t.loop_offset_ns + pk[t.next].offset_ns <= now) {
        const Packet& p = pk[t.next];
        out = p.bytes;
        const bool video = p.video;
        const std::uint16_t seq = video ? t.video_seq++ : t.audio_seq++;
        out[2] = static_cast<std::uint8_t>(seq >> 8);
        out[3] = static_cast<std::uint8_t>(seq);
        // Shift the timestamp by the loops played so far, per clock rate.
        std::uint32_t ts = (static_cast<std::uint32_t>(out[4]) << 24) | (out[5] << 16) | (out[6] << 8) | out[7];
        ts += static_cast<std::uint32_t>(static_cast<std::uint64_t>(t.loop_offset_ns) * (video ? 90 : 48) / 1'000'000);
        out[4] = static_cast<std::uint8_t>(ts >> 24);
        out[5] = static_cast<std::uint8_t>(ts >> 16);
        out[6] = static_cast<std::uint8_t>(ts >> 8);
        out[7] = static_cast<std::uint8_t>(ts);
        const std::uint32_t ssrc = video ? t.video_ssrc : t.audio_ssrc;
        for (int b = 0; b < 4; ++b) out[8 + b] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * b));
        const sockaddr_in& to = video ? t.video : t.audio;
        if (to.sin_port == 0) {  // port 0: this medium is not sent (audio-only runs)
          if (++t.next == pk.size()) {
            t.next = 0;
            t.loop_offset_ns += t.recording->duration_ns;
          }
          continue;
        }
        (void)::sendto(fd, out.data(), out.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
        ++sent;
        if (++t.next == pk.size()) {
          t.next = 0;
          t.loop_offset_ns += t.recording->duration_ns;
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::close(fd);
  std::fprintf(stderr, "replay: sent %llu packets to %zu targets\n", static_cast<unsigned long long>(sent), targets.size());
  return 0;
}
