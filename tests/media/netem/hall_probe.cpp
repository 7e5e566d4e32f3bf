// A hall's codec for the impaired-link tests, run inside the hall's own network
// namespace: it sends H.264 (moving noise, so the encoder fills its bitrate) and an
// Opus tone to the media node through one rtpbin per medium (RTCP both ways: sender
// and receiver reports, PLI when its decoder lost the picture), receives the
// composite and the mix through rtpbin's jitter buffer, decodes them and prints
// what it got, every 100 ms, as one line of cumulative counters:
//
//   C <steady ns> <frames> <keyframes> <freeze ms> <video rtp> <video missing>
//     <audio rtp> <audio missing> <longest frame gap ms> <longest audio gap ms>
//
// (the two "longest" figures cover that 100 ms only). A freeze is a gap of more than
// 200 ms between two decoded frames, counted whole. Missing packets are sequence
// numbers that never came out of the jitter buffer (lost or too late).
//
//   hall_probe NODE_IP VIDEO_RTP VIDEO_RTCP AUDIO_RTP AUDIO_RTCP TONE_HZ
// listens on 5000/5001 (video RTP/RTCP) and 5002/5003 (audio); ends on SIGTERM. It asks for
// lost video packets again (generic NACK) unless NETEM_PROBE_NO_NACK is set, and answers the
// node's NACKs for its own video with RTX unless NETEM_PROBE_NO_RTX is set. Its Opus carries
// in-band FEC, and its decoder uses the node's (with packet-loss concealment).
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/rtp/gstrtpbuffer.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

struct SeqCounter {
  std::optional<std::uint16_t> last;
  std::uint64_t packets = 0;
  std::uint64_t missing = 0;
  std::uint16_t largest_jump = 0;  // since the last report
  void on(std::uint16_t seq) {
    ++packets;
    if (last) {
      const auto jump = static_cast<std::uint16_t>(seq - *last);
      if (jump == 0 || jump > 0x8000) return;  // duplicate or older: the buffer let it through late
      missing += jump - 1u;
      if (jump > largest_jump) largest_jump = jump;
    }
    last = seq;
  }
};

struct Counters {
  std::mutex mutex;
  std::uint64_t frames = 0;
  std::uint64_t keyframes = 0;
  double freeze_ms = 0.0;
  double longest_frame_gap_ms = 0.0;  // since the last report
  std::optional<Clock::time_point> last_frame;
  SeqCounter video;
  SeqCounter audio;
};

Counters g_counters;

// The video jitter buffer, for its counters at the end (lost, late, retransmissions asked
// and answered in time): where a freeze comes from.
std::mutex g_jitterbuffer_mutex;
const char* g_tone = "";  // which hall
GstElement* g_video_jitterbuffer = nullptr;

void on_new_jitterbuffer(GstElement*, GstElement* jitterbuffer, guint, guint, gpointer) {
  std::lock_guard lock(g_jitterbuffer_mutex);
  if (g_video_jitterbuffer) gst_object_unref(g_video_jitterbuffer);
  g_video_jitterbuffer = GST_ELEMENT(gst_object_ref(jitterbuffer));
}

// The hall answers the node's NACKs for its video: rtpbin's aux sender, an rtprtxsend
// that resends a packet asked for as RTX (RFC 4588, payload type 97 for 96, its own SSRC).
GstElement* on_request_aux_sender(GstElement*, guint session, gpointer) {
  GstElement* bin = gst_bin_new(nullptr);
  GstElement* rtx = gst_element_factory_make("rtprtxsend", nullptr);
  GstStructure* map = gst_structure_new("application/x-rtp-pt-map", "96", G_TYPE_UINT, 97u, nullptr);
  g_object_set(rtx, "payload-type-map", map, "max-size-time", 1000u, nullptr);
  gst_structure_free(map);
  gst_bin_add(GST_BIN(bin), rtx);
  for (const char* dir : {"src", "sink"}) {
    GstPad* pad = gst_element_get_static_pad(rtx, dir);
    gchar* name = g_strdup_printf("%s_%u", dir, session);
    gst_element_add_pad(bin, gst_ghost_pad_new(name, pad));
    g_free(name);
    gst_object_unref(pad);
  }
  return bin;
}

void print_jitterbuffer_stats() {
  std::lock_guard lock(g_jitterbuffer_mutex);
  if (!g_video_jitterbuffer) return;
  GstStructure* stats = nullptr;
  g_object_get(g_video_jitterbuffer, "stats", &stats, nullptr);
  if (!stats) return;
  gchar* text = gst_structure_to_string(stats);
  std::fprintf(stderr, "hall_probe (tone %s) video jitterbuffer: %s\n", g_tone, text);
  g_free(text);
  gst_structure_free(stats);
  gst_object_unref(g_video_jitterbuffer);
  g_video_jitterbuffer = nullptr;
}

GstPadProbeReturn on_rtp(GstPad*, GstPadProbeInfo* info, gpointer which) {
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  if (buffer && gst_rtp_buffer_map(buffer, GST_MAP_READ, &rtp)) {
    const std::uint16_t seq = gst_rtp_buffer_get_seq(&rtp);
    gst_rtp_buffer_unmap(&rtp);
    std::lock_guard lock(g_counters.mutex);
    (which ? g_counters.audio : g_counters.video).on(seq);
  }
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn on_access_unit(GstPad*, GstPadProbeInfo* info, gpointer) {
  GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (buffer && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)) {
    std::lock_guard lock(g_counters.mutex);
    ++g_counters.keyframes;
  }
  return GST_PAD_PROBE_OK;
}

GstFlowReturn on_frame(GstAppSink* sink, gpointer) {
  GstSample* sample = gst_app_sink_pull_sample(sink);
  if (sample) gst_sample_unref(sample);
  const auto now = Clock::now();
  std::lock_guard lock(g_counters.mutex);
  ++g_counters.frames;
  if (g_counters.last_frame) {
    const double gap = std::chrono::duration<double, std::milli>(now - *g_counters.last_frame).count();
    if (gap > 200.0) g_counters.freeze_ms += gap;
    if (gap > g_counters.longest_frame_gap_ms) g_counters.longest_frame_gap_ms = gap;
  }
  g_counters.last_frame = now;
  return GST_FLOW_OK;
}

void probe_pad(GstElement* pipeline, const char* element, const char* pad_name, GstPadProbeCallback cb,
               gpointer data) {
  GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline), element);
  GstPad* pad = gst_element_get_static_pad(e, pad_name);
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, cb, data, nullptr);
  gst_object_unref(pad);
  gst_object_unref(e);
}

std::string description(bool nack, const std::string& node, const std::string& vrtp, const std::string& vrtcp,
                        const std::string& artp, const std::string& artcp, const std::string& tone) {
  std::ostringstream s;
  // AVPF: feedback (PLI, NACK) goes out at once, not with the next regular report.
  // do-retransmission: the jitter buffer asks for a lost packet again (generic NACK).
  s << "rtpbin name=rv latency=200 rtp-profile=avpf do-retransmission=" << (nack ? "true " : "false ")
    << "videotestsrc is-live=true pattern=snow ! video/x-raw,width=320,height=180,framerate=30/1"
    << " ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=300 key-int-max=120"
    << " ! rtph264pay pt=96 mtu=1200 config-interval=-1 ! rv.send_rtp_sink_0 "
    << "rv.send_rtp_src_0 ! udpsink host=" << node << " port=" << vrtp << " sync=false async=false "
    << "rv.send_rtcp_src_0 ! udpsink host=" << node << " port=" << vrtcp << " sync=false async=false "
    << "udpsrc port=5000 caps=\"application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,"
       "payload=96,rtcp-fb-nack-pli=(boolean)true,rtcp-fb-nack=(boolean)true\" ! rv.recv_rtp_sink_0 "
    << "udpsrc port=5001 ! rv.recv_rtcp_sink_0 "
    << "rv. ! rtph264depay name=vdepay request-keyframe=true ! h264parse name=vparse ! avdec_h264"
    << " ! appsink name=vsink sync=false emit-signals=false max-buffers=2 drop=true "
    << "rtpbin name=ra latency=200 rtp-profile=avpf do-lost=true "
    << "audiotestsrc is-live=true wave=sine volume=0.25 freq=" << tone
    << " ! audio/x-raw,rate=48000,channels=1 ! opusenc inband-fec=true packet-loss-percentage=10 ! rtpopuspay pt=111 ! ra.send_rtp_sink_0 "
    << "ra.send_rtp_src_0 ! udpsink host=" << node << " port=" << artp << " sync=false async=false "
    << "ra.send_rtcp_src_0 ! udpsink host=" << node << " port=" << artcp << " sync=false async=false "
    << "udpsrc port=5002 caps=\"application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,"
       "payload=111\" ! ra.recv_rtp_sink_0 "
    << "udpsrc port=5003 ! ra.recv_rtcp_sink_0 "
    << "ra. ! rtpopusdepay name=adepay ! opusdec plc=true use-inband-fec=true ! fakesink sync=false";
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: hall_probe NODE_IP VIDEO_RTP VIDEO_RTCP AUDIO_RTP AUDIO_RTCP TONE_HZ\n");
    return 2;
  }
  gst_init(nullptr, nullptr);
  g_tone = argv[6];
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description(std::getenv("NETEM_PROBE_NO_NACK") == nullptr, argv[1], argv[2], argv[3], argv[4], argv[5], argv[6]).c_str(), &error);
  if (error) {
    std::fprintf(stderr, "hall_probe: %s\n", error->message);
    return 1;
  }
  GstElement* video_bin = gst_bin_get_by_name(GST_BIN(pipeline), "rv");
  g_signal_connect(video_bin, "new-jitterbuffer", G_CALLBACK(on_new_jitterbuffer), nullptr);
  if (!std::getenv("NETEM_PROBE_NO_RTX")) {
    g_signal_connect(video_bin, "request-aux-sender", G_CALLBACK(on_request_aux_sender), nullptr);
  }
  gst_object_unref(video_bin);
  probe_pad(pipeline, "vdepay", "sink", on_rtp, nullptr);
  probe_pad(pipeline, "adepay", "sink", on_rtp, reinterpret_cast<gpointer>(1));
  probe_pad(pipeline, "vparse", "src", on_access_unit, nullptr);
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "vsink");
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = on_frame;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, nullptr, nullptr);
  gst_object_unref(sink);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);

  GstBus* bus = gst_element_get_bus(pipeline);
  auto next = Clock::now();
  while (!g_stop) {
    next += std::chrono::milliseconds(100);
    std::this_thread::sleep_until(next);
    while (GstMessage* m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR)) {
      GError* e = nullptr;
      gst_message_parse_error(m, &e, nullptr);
      std::fprintf(stderr, "hall_probe: %s\n", e ? e->message : "pipeline error");
      if (e) g_error_free(e);
      gst_message_unref(m);
    }
    std::lock_guard lock(g_counters.mutex);
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
    std::printf("C %lld %llu %llu %.0f %llu %llu %llu %llu %.0f %u\n", static_cast<long long>(ns),
                static_cast<unsigned long long>(g_counters.frames),
                static_cast<unsigned long long>(g_counters.keyframes), g_counters.freeze_ms,
                static_cast<unsigned long long>(g_counters.video.packets),
                static_cast<unsigned long long>(g_counters.video.missing),
                static_cast<unsigned long long>(g_counters.audio.packets),
                static_cast<unsigned long long>(g_counters.audio.missing), g_counters.longest_frame_gap_ms,
                g_counters.audio.largest_jump > 1 ? (g_counters.audio.largest_jump - 1u) * 20u : 0u);
    std::fflush(stdout);
    g_counters.longest_frame_gap_ms = 0.0;
    g_counters.audio.largest_jump = 0;
  }
  gst_object_unref(bus);
  if (std::getenv("NETEM_PROBE_STATS")) print_jitterbuffer_stats();
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return 0;
}
