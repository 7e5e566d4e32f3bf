#include <sys/resource.h>

#include <algorithm>
#include <random>

#include "log.hpp"
#include "session_impl.hpp"

namespace media {
namespace {

SteadyTime now() { return std::chrono::steady_clock::now(); }

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

std::uint32_t random_ssrc() {
  static thread_local std::mt19937 gen{std::random_device{}()};
  return static_cast<std::uint32_t>(gen());
}

}  // namespace

Session::Impl::Impl(std::string id, SessionOptions options, SocketSource sockets, std::string bind_address)
    : id_(std::move(id)),
      options_(std::move(options)),
      sockets_(std::move(sockets)),
      bind_address_(std::move(bind_address)),
      layout_(options_.layout),
      slot_owner_(options_.max_visible),
      health_([] { return std::chrono::steady_clock::now(); }),
      shared_encoder_(std::make_unique<gst::OpusEncoderHandle>()) {
  for (std::size_t i = 0; i < options_.outputs.size(); ++i) {
    keyframe_limiters_.emplace_back(kForcedKeyframeInterval);
  }
  gst::VideoMixer::Callbacks callbacks;
  callbacks.on_output_packets = [this](std::size_t p, std::span<const std::span<const std::uint8_t>> packets) {
    on_output_packets(p, packets);
  };
  callbacks.on_slot_frame = [this](std::size_t slot) { on_slot_frame(slot); };
  callbacks.on_encoded = [this](GstSample* sample) {
    std::lock_guard lock(mutex_);
    if (recorder_) recorder_->push_video(sample);
  };
  if (options_.video) {
    video_ = std::make_unique<gst::VideoMixer>(options_, std::move(callbacks));
    video_->start();
  }
  last_stats_at_ = now();
  cpu_seconds_at_last_stats_ = process_cpu_seconds();
  running_ = true;
  io_thread_ = std::thread([this] { io_loop(); });
  audio_thread_ = std::thread([this] { audio_loop(); });
  gst::log_info("session " + id_ + ": started (" + to_string(layout_) + ")");
}

Session::Impl::~Impl() { end(); }

void Session::Impl::end() {
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    ended_ = true;
  }
  running_ = false;
  if (io_thread_.joinable()) io_thread_.join();
  if (audio_thread_.joinable()) audio_thread_.join();
  std::unique_ptr<gst::Recorder> recorder;
  {
    std::lock_guard lock(mutex_);
    recorder = std::move(recorder_);
  }
  if (recorder) recorder->stop();
  if (video_) video_->stop();  // streaming threads may wait for mutex_: never hold it here
  std::lock_guard lock(mutex_);
  legs_.clear();
  join_order_.clear();
  gst::log_info("session " + id_ + ": ended");
}

gst::Leg& Session::Impl::leg_or_throw(const std::string& leg_id) {
  const auto it = legs_.find(leg_id);
  if (it == legs_.end()) throw NotFound("no leg '" + leg_id + "' in session " + id_);
  return *it->second;
}

LegInfo Session::Impl::add_leg(const LegOptions& options) {
  if (options.hall_id.empty()) throw InvalidInput("hall_id is required");
  const auto profile = std::find_if(options_.outputs.begin(), options_.outputs.end(),
                                    [&](const OutputProfile& p) { return p.name == options.output; });
  if (profile == options_.outputs.end()) throw InvalidInput("unknown output profile '" + options.output + "'");
  for (const MediaTransport* t : {&options.video, &options.audio}) {
    if (t->payload_type > 127) throw InvalidInput("payload_type must be 0-127");
  }
  auto make_path = [&](const MediaTransport& t, std::uint32_t clock_rate) {
    gst::UdpSocket rtp = sockets_();
    std::optional<gst::UdpSocket> rtcp;
    if (!t.rtcp_mux) rtcp = sockets_();
    return gst::MediaPath(std::move(rtp), std::move(rtcp), clock_rate, t, random_ssrc());
  };
  gst::MediaPath video = make_path(options.video, kVideoCodec.clock_rate);
  gst::MediaPath audio = make_path(options.audio, kAudioCodec.clock_rate);
  LegOptions stored = options;
  if (stored.display_name.empty()) stored.display_name = stored.hall_id;
  // The name is drawn here, before the lock: the I/O, audio and composer threads never
  // wait for text rendering.
  gst::TileLabels labels;
  if (video_) labels = video_->render_labels(stored.display_name);

  std::lock_guard lock(mutex_);
  if (ended_) throw NotFound("session " + id_ + " has ended");
  const std::string leg_id = "leg-" + std::to_string(next_leg_number_++);
  auto leg = std::make_shared<gst::Leg>(leg_id, stored, static_cast<std::size_t>(profile - options_.outputs.begin()),
                                        now(), std::move(video), std::move(audio));
  leg->labels = std::move(labels);
  if (video_ && stored.role == LegRole::hall && options_.outputs.size() > 1) {
    std::vector<int> bitrates;
    for (const auto& o : options_.outputs) bitrates.push_back(o.bitrate_kbps);
    leg->adapter.emplace(profile_ladder(bitrates), leg->profile);
  }
  LegInfo info;
  info.leg_id = leg_id;
  info.video = {bind_address_, leg->video.rtp.port(), leg->video.rtcp_socket().port()};
  info.audio = {bind_address_, leg->audio.rtp.port(), leg->audio.rtcp_socket().port()};
  legs_.emplace(leg_id, std::move(leg));
  join_order_.push_back(leg_id);
  ++legs_version_;
  const bool upstream = stored.role == LegRole::upstream;
  if (upstream) upstream_ids_.push_back(leg_id);
  gst::log_info("session " + id_ + ": " + leg_id + " (" + stored.hall_id + (upstream ? ", upstream" : "") + ") joined");
  relayout(now());
  if (upstream) {
    refeed_upstream(now(), true);  // the new upstream's picture starts at a keyframe of the host's
    return info;
  }
  // A new receiver needs a keyframe of the shared output to start decoding.
  const std::size_t p = legs_.at(leg_id)->profile;
  if (video_ && keyframe_limiters_[p].request(now())) video_->force_keyframe(p);
  return info;
}

void Session::Impl::remove_leg(const std::string& leg_id) {
  std::lock_guard lock(mutex_);
  leg_or_throw(leg_id);
  legs_.erase(leg_id);
  join_order_.erase(std::remove(join_order_.begin(), join_order_.end(), leg_id), join_order_.end());
  speakers_.erase(std::remove(speakers_.begin(), speakers_.end(), leg_id), speakers_.end());
  upstream_ids_.erase(std::remove(upstream_ids_.begin(), upstream_ids_.end(), leg_id), upstream_ids_.end());
  if (up_video_source_ == leg_id) up_video_source_.reset();
  if (floor_holder_ == leg_id) floor_holder_.reset();
  health_.forget(leg_id);
  retransmit_budgets_.erase(leg_id);
  ++legs_version_;  // the io thread drops its reference (and the sockets) on its next turn
  gst::log_info("session " + id_ + ": " + leg_id + " left");
  relayout(now());
}

void Session::Impl::set_audio_muted(const std::string& leg_id, bool muted) {
  std::lock_guard lock(mutex_);
  leg_or_throw(leg_id).audio_muted = muted;
}

void Session::Impl::set_video_hidden(const std::string& leg_id, bool hidden) {
  std::lock_guard lock(mutex_);
  leg_or_throw(leg_id).video_hidden = hidden;
  relayout(now());
}

void Session::Impl::set_layout(LayoutKind layout) {
  std::lock_guard lock(mutex_);
  layout_ = layout;
  gst::log_info("session " + id_ + ": layout " + to_string(layout));
  relayout(now());
}

void Session::Impl::report_peer(const std::string& leg_id, Medium medium, const PeerReport& report) {
  std::lock_guard lock(mutex_);
  gst::Leg& leg = leg_or_throw(leg_id);
  StreamCounters& c = (medium == Medium::video ? leg.video : leg.audio).counters;
  if (report.loss_percent) c.peer_loss_percent = report.loss_percent;
  if (report.jitter_ms) c.peer_jitter_ms = report.jitter_ms;
  if (report.rtt_ms) c.rtt_ms = report.rtt_ms;
}

void Session::Impl::give_floor(const std::optional<std::string>& leg_id) {
  std::lock_guard lock(mutex_);
  if (leg_id) leg_or_throw(*leg_id);
  floor_holder_ = leg_id;
  relayout(now());
}

void Session::Impl::start_recording(const std::string& path) {
  if (!video_) throw InvalidInput("recording needs a session with video");
  auto recorder = std::make_unique<gst::Recorder>(path);
  {
    std::lock_guard lock(mutex_);
    if (recorder_) throw InvalidInput("already recording to " + recorder_->path());
    recorder_ = std::move(recorder);
  }
  video_->force_keyframe(0);  // the file starts at a keyframe, not up to 4 s later
}

void Session::Impl::stop_recording() {
  std::unique_ptr<gst::Recorder> recorder;
  {
    std::lock_guard lock(mutex_);
    if (!recorder_) throw NotFound("session " + id_ + " is not recording");
    recorder = std::move(recorder_);
  }
  recorder->stop();
}

// Which legs are shown, in which slot and where. Legs that stay visible keep
// their slot (no keyframe wait); a newly shown leg is asked for a keyframe.
void Session::Impl::relayout(SteadyTime t) {
  refeed_upstream(t);
  if (!video_) return;  // audio-only: nothing is shown, nothing decoded
  std::vector<LayoutCandidate> candidates;
  for (const auto& id : join_order_) {
    const auto& leg = *legs_.at(id);
    candidates.push_back(
        {id, leg.video_hidden, leg.options.is_host, leg.options.hall_id, leg.receiving, is_upstream(leg)});
  }
  const std::optional<std::string> speaker =
      speakers_.empty() ? std::nullopt : std::optional<std::string>(speakers_.front());
  const auto visible = choose_visible(candidates, layout_, floor_holder_, speaker, options_.max_visible);
  const auto& main = options_.outputs.front();
  const auto rects = compute_layout(layout_, visible.size(), main.width, main.height);

  for (std::size_t s = 0; s < slot_owner_.size(); ++s) {
    if (!slot_owner_[s]) continue;
    const bool still = std::find(visible.begin(), visible.end(), *slot_owner_[s]) != visible.end();
    if (still && legs_.count(*slot_owner_[s])) continue;
    if (auto it = legs_.find(*slot_owner_[s]); it != legs_.end()) it->second->slot.reset();
    slot_owner_[s].reset();
    video_->hide(s);
  }
  for (std::size_t i = 0; i < visible.size(); ++i) {
    gst::Leg& leg = *legs_.at(visible[i]);
    const bool fresh = !leg.slot;
    if (fresh) {
      const auto free_slot = std::find(slot_owner_.begin(), slot_owner_.end(), std::nullopt);
      leg.slot = static_cast<std::size_t>(free_slot - slot_owner_.begin());
      *free_slot = leg.id;
      leg.shown_since = t;
      leg.last_frame.reset();
      request_keyframe_from(leg, t);
    }
    video_->show(*leg.slot, rects[i], leg.labels);
  }
}

void Session::Impl::on_output_packets(std::size_t profile, std::span<const std::span<const std::uint8_t>> packets) {
  std::size_t bytes = 0;
  for (const auto packet : packets) {
    bytes += packet.size();
    if (profile == 0 && packet.size() > 1 && (packet[1] & 0x80)) ++frames_out_;  // marker: end of a frame
  }
  const SteadyTime t = now();
  std::lock_guard lock(mutex_);
  remember_sent(profile, packets);
  for (auto& [id, leg] : legs_) {
    // An upstream leg gets the host's own picture (forward_up), never the composite.
    if (leg->profile != profile || !leg->video.remote_rtp || is_upstream(*leg)) continue;
    leg->video.send_rtp_many(packets);
    leg->video.counters.packets_out += packets.size();
    leg->video.counters.bytes_out += bytes;
    judge_downlink(*leg, packets.size(), t);
    send_copies(*leg, packets);
  }
}

// Once a second: what the leg's receiver asked for again, per packet sent to it, decides
// whether its video goes out twice (media/downlink_redundancy.hpp).
void Session::Impl::judge_downlink(gst::Leg& leg, std::size_t sent, SteadyTime t) {
  leg.sent_in_window += sent;
  if (t - leg.window_start < std::chrono::seconds(1)) return;
  const auto before = leg.redundancy.state();
  if (leg.sent_in_window > 0)
    leg.redundancy.on_window(100.0 * static_cast<double>(leg.nacked_in_window.size()) /
                                 static_cast<double>(leg.sent_in_window),
                             t);
  if (leg.redundancy.state() != before)
    gst::log_info(leg.id + ": video copies " + to_string(before) + " -> " + to_string(leg.redundancy.state()) +
                  " (its receiver asked again for " + std::to_string(leg.nacked_in_window.size()) + " of the " +
                  std::to_string(leg.sent_in_window) + " packets of the last second)");
  leg.nacked_in_window.clear();
  leg.sent_in_window = 0;
  leg.window_start = t;
}

// On a lossy downlink the previous frame's packets go out again with this one (one frame
// apart: a burst that took the original seldom takes its copy); the receiver keeps
// whichever arrives first and drops the other by its sequence number.
void Session::Impl::send_copies(gst::Leg& leg, std::span<const std::span<const std::uint8_t>> packets) {
  if (!leg.redundancy.sending_copies()) {
    leg.copies_due.clear();
    return;
  }
  for (const auto& copy : leg.copies_due) {
    leg.video.send_rtp(copy);
    ++leg.video.counters.packets_out;
    leg.video.counters.bytes_out += copy.size();
  }
  leg.copies_due.resize(packets.size());
  for (std::size_t i = 0; i < packets.size(); ++i) leg.copies_due[i].assign(packets[i].begin(), packets[i].end());
}

void Session::Impl::on_slot_frame(std::size_t slot) {
  std::lock_guard lock(mutex_);
  if (slot >= slot_owner_.size() || !slot_owner_[slot]) return;
  const auto it = legs_.find(*slot_owner_[slot]);
  if (it == legs_.end()) return;
  ++it->second->frames_decoded;
  it->second->last_frame = now();
}

LegStatus Session::Impl::status_of(gst::Leg& leg) {
  LegStatus s;
  s.leg_id = leg.id;
  s.hall_id = leg.options.hall_id;
  s.display_name = leg.options.display_name;
  s.output = options_.outputs[leg.profile].name;
  s.output_asked = leg.options.output;
  s.role = leg.options.role;
  s.video_ports = {bind_address_, leg.video.rtp.port(), leg.video.rtcp_socket().port()};
  s.audio_ports = {bind_address_, leg.audio.rtp.port(), leg.audio.rtcp_socket().port()};
  s.audio_muted = leg.audio_muted;
  s.video_hidden = leg.video_hidden;
  s.visible = leg.slot.has_value();
  s.in_mix = leg.in_mix;
  LegCounters& c = s.counters;
  auto fill = [](StreamCounters& out, const gst::MediaPath& path) {
    out = path.counters;
    out.expected_in = path.stats.expected();
    out.lost_in = path.stats.lost();
    out.jitter_ms = path.stats.jitter_ms();
  };
  fill(c.video, leg.video);
  fill(c.audio, leg.audio);
  c.video_decoded = leg.slot.has_value() && !leg.awaiting_keyframe;
  c.frames_decoded = leg.frames_decoded;
  c.last_frame = leg.last_frame ? leg.last_frame : std::optional<SteadyTime>(leg.shown_since);
  c.audio_level_dbov = leg.level_dbov;
  c.talking = now() - leg.last_talk < std::chrono::milliseconds(500);
  c.joined = leg.joined;
  s.health = health_.evaluate(leg.id, c);
  return s;
}

SessionStats Session::Impl::stats() {
  std::lock_guard lock(mutex_);
  SessionStats s;
  s.session_id = id_;
  s.layout = layout_;
  s.recording = recorder_ != nullptr;
  s.floor_holder = floor_holder_;
  const SteadyTime t = now();
  const double dt = std::chrono::duration<double>(t - last_stats_at_).count();
  if (dt >= 0.5) {
    const std::uint64_t frames = frames_out_;
    const double cpu = process_cpu_seconds();
    last_fps_ = static_cast<double>(frames - frames_at_last_stats_) / dt;
    last_cpu_ = (cpu - cpu_seconds_at_last_stats_) / dt;
    frames_at_last_stats_ = frames;
    cpu_seconds_at_last_stats_ = cpu;
    last_stats_at_ = t;
  }
  s.output_fps = last_fps_;
  s.cpu_cores = last_cpu_;
  for (const auto& id : join_order_) s.legs.push_back(status_of(*legs_.at(id)));
  return s;
}

// The public face forwards to Impl.
Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;
const std::string& Session::id() const { return impl_->id(); }
LegInfo Session::add_leg(const LegOptions& o) { return impl_->add_leg(o); }
void Session::remove_leg(const std::string& l) { impl_->remove_leg(l); }
void Session::set_audio_muted(const std::string& l, bool m) { impl_->set_audio_muted(l, m); }
void Session::set_video_hidden(const std::string& l, bool h) { impl_->set_video_hidden(l, h); }
void Session::set_layout(LayoutKind k) { impl_->set_layout(k); }
void Session::give_floor(const std::optional<std::string>& l) { impl_->give_floor(l); }
void Session::report_peer(const std::string& l, Medium m, const PeerReport& r) { impl_->report_peer(l, m, r); }
void Session::start_recording(const std::string& p) { impl_->start_recording(p); }
void Session::stop_recording() { impl_->stop_recording(); }
SessionStats Session::stats() { return impl_->stats(); }
void Session::end() { impl_->end(); }

}  // namespace media
