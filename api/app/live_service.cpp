#include "app/live_service.hpp"

#include <filesystem>

#include "auth/token_crypto.hpp"
#include "log/log.hpp"
#include "scheduler/conductor_plan.hpp"
#include "scheduler/errors.hpp"
#include "wire/live_json.hpp"
#include "wire/time_text.hpp"

namespace app {
namespace {

bool connected(media::LegState s) { return s == media::LegState::ok || s == media::LegState::degraded; }

media::LossGrade worst_grade(const media::LegHealth& h) {
  return std::max(h.video.loss_grade, h.audio.loss_grade);
}

// Media errors become the domain's, so that the API maps them in its one place.
template <typename F>
auto media_call(F f) {
  try {
    return f();
  } catch (const media::NotFound& e) {
    throw sched::NotFound(e.what());
  } catch (const media::InvalidInput& e) {
    throw sched::InvalidInput("media", e.what());
  } catch (const media::Unavailable& e) {
    throw sched::Unavailable(e.what());
  }
}

}  // namespace

namespace {
const std::map<std::string_view, Moderation>& moderation_names() {
  static const std::map<std::string_view, Moderation> kNames{
      {"mute", Moderation::mute},       {"unmute", Moderation::unmute},
      {"hide", Moderation::hide},       {"show", Moderation::show},
      {"floor", Moderation::floor},     {"remove", Moderation::remove},
      {"layout", Moderation::layout},   {"record_start", Moderation::record_start},
      {"record_stop", Moderation::record_stop}};
  return kNames;
}
}  // namespace

std::optional<Moderation> moderation_from(std::string_view t) {
  auto it = moderation_names().find(t);
  if (it == moderation_names().end()) return std::nullopt;
  return it->second;
}

std::string_view to_string(Moderation m) {
  for (const auto& [name, value] : moderation_names())
    if (value == m) return name;
  return "unknown";
}

LiveService::LiveService(sched::LiveRepository& live, sched::MeetingRepository& meetings, sched::RoomDirectory& rooms,
                         sched::BookingService& booking, media::Node& node, sched::Clock clock, LiveOptions options)
    : live_(live),
      meetings_(meetings),
      rooms_(rooms),
      booking_(booking),
      node_(node),
      clock_(std::move(clock)),
      options_(std::move(options)) {
  node_id_ = live_.ensure_node(options_.node_name, options_.media_address, options_.capacity_legs).id;
  backends_[node_id_] = embedded_backend(node_);
}

LiveService::~LiveService() { stop(); }

void LiveService::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(wake_mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        tick();
      } catch (const std::exception& e) {
        logging::warn(std::string("conductor: ") + e.what());
      }
      lock.lock();
      wake_.wait_for(lock, options_.tick, [this] { return stopping_; });
    }
  });
}

void LiveService::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Sessions end with the process; PostgreSQL still says they are open, so the next
  // conductor reopens them.
  std::map<long long, Running> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions.swap(sessions_);
  }
  for (const auto& [id, r] : sessions) {
    try {
      backend(r.node_id).end_session(r.session);
    } catch (const std::exception&) {
    }
  }
}

void LiveService::event(std::optional<long long> meeting, std::optional<long long> room, const std::string& kind,
                        const std::string& detail) {
  live_.add_event(meeting, room, kind, detail);
  wake_.notify_all();
}

std::optional<LiveService::Running> LiveService::running(long long meeting_id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(meeting_id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

MediaBackend& LiveService::backend(long long node_id) {
  std::lock_guard lock(mutex_);
  auto it = backends_.find(node_id);
  if (it == backends_.end()) throw sched::Unavailable("media node " + std::to_string(node_id) + " is not known here");
  return *it->second;
}

sched::MediaNodeRecord LiveService::add_node(const std::string& name, const std::string& address, int capacity_legs) {
  if (name == options_.node_name) throw sched::InvalidInput("name", "that name is the embedded node's");
  auto driver = media_call([&] { return remote_backend(address); });
  auto record = live_.ensure_node(name, address, capacity_legs);
  std::lock_guard lock(mutex_);
  backends_[record.id] = std::move(driver);
  return record;
}

void LiveService::set_node_state(long long node_id, sched::NodeState state) {
  live_.set_node_state(node_id, state);
}

// Probes every node; a node that has just gone offline loses its sessions here, and the
// plan then reopens them on another node.
void LiveService::probe_nodes() {
  for (const auto& n : live_.nodes()) {
    {
      std::lock_guard lock(mutex_);
      if (!backends_.contains(n.id)) {
        if (n.name == options_.node_name) continue;
        try {
          backends_[n.id] = remote_backend(n.address);
        } catch (const std::exception&) {
          continue;
        }
      }
    }
    const bool ok = backend(n.id).healthy();
    if (!live_.record_node_probe(n.id, ok, 3)) continue;
    event(std::nullopt, std::nullopt, "node_offline", n.name + " (" + n.address + ") failed 3 probes");
    std::lock_guard lock(mutex_);
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.node_id == n.id; });
  }
}

long long LiveService::place(std::size_t legs) {
  std::map<long long, std::size_t> used;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [meeting, r] : sessions_) used[r.node_id] += leg_of_room_[meeting].size();
  }
  long long best = 0;
  long long best_free = -1;
  for (const auto& n : live_.nodes()) {
    if (n.state != sched::NodeState::enabled || !n.online) continue;
    {
      std::lock_guard lock(mutex_);
      if (!backends_.contains(n.id)) continue;
    }
    const long long free = n.capacity_legs - static_cast<long long>(used[n.id]);
    if (free >= static_cast<long long>(legs) && free > best_free) {
      best = n.id;
      best_free = free;
    }
  }
  if (best == 0) throw sched::Unavailable("no enabled media node has room for " + std::to_string(legs) + " halls");
  return best;
}

void LiveService::tick() {
  std::lock_guard round(tick_mutex_);
  const bool leader = live_.hold_conductor_lease();
  if (leader != leader_.exchange(leader)) logging::info(leader ? "conductor: leading" : "conductor: standing by");
  if (!leader) {
    std::lock_guard lock(mutex_);
    sessions_.clear();  // another process conducts now; it adopts or reopens the sessions
    return;
  }
  probe_nodes();
  const auto now = clock_();
  const auto window = booking_.policy().rehearsal_window;
  std::set<long long> here;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, s] : sessions_) here.insert(id);
  }
  const auto meetings = live_.meetings_to_conduct(now - options_.grace, now + window + std::chrono::seconds(1));
  // Sessions PostgreSQL holds open but that do not run here were lost (a restart).
  for (const auto& s : live_.open_sessions())
    if (!here.contains(s.meeting_id) &&
        std::none_of(meetings.begin(), meetings.end(), [&](const auto& m) { return m.id == s.meeting_id; }))
      close_session(s.meeting_id, "meeting no longer running");
  for (const auto& step : sched::plan_conductor(meetings, here, now, window, options_.grace)) {
    try {
      switch (step.step) {
        case sched::ConductorStep::open_rehearsal:
          booking_.apply(step.meeting_id, sched::LifecycleEvent::open_rehearsal, "", "conductor");
          break;
        case sched::ConductorStep::go_live:
          booking_.apply(step.meeting_id, sched::LifecycleEvent::go_live, "", "conductor");
          event(step.meeting_id, std::nullopt, "meeting_live", "");
          break;
        case sched::ConductorStep::end:
          booking_.apply(step.meeting_id, sched::LifecycleEvent::end, "", "conductor");
          event(step.meeting_id, std::nullopt, "meeting_ended", "");
          break;
        case sched::ConductorStep::open_session:
          for (const auto& m : meetings)
            if (m.id == step.meeting_id) open_session(m);
          break;
        case sched::ConductorStep::close_session:
          close_session(step.meeting_id, "meeting over");
          break;
      }
    } catch (const std::exception& e) {
      logging::warn("conductor: " + std::string(to_string(step.step)) + " of meeting " +
                    std::to_string(step.meeting_id) + ": " + e.what());
    }
  }
  watch();
}

void LiveService::open_session(const sched::Meeting& m) {
  const auto previous = live_.session_of(m.id);
  // A session on a node that still runs it (a remote node, after this process restarted)
  // is adopted as it is: the halls keep their ports.
  if (previous) {
    try {
      backend(previous->node_id).stats(previous->session_id);
      std::map<long long, std::string> legs;
      for (const auto& l : live_.legs(m.id)) legs[l.room_id] = l.leg_id;
      std::lock_guard lock(mutex_);
      sessions_[m.id] = {previous->node_id, previous->session_id};
      leg_of_room_[m.id] = std::move(legs);
      return;
    } catch (const std::exception&) {
      live_.close_attendance(m.id, std::nullopt);  // intervals end at their last sighting
    }
  }
  std::vector<long long> rooms = m.draft.room_ids;
  rooms.insert(rooms.begin(), m.draft.host_room_id);
  const long long node_id = place(rooms.size());
  auto& node = backend(node_id);
  media::SessionOptions options;
  options.video = options_.video;
  const auto session = media_call([&] { return node.create_session(options); });
  live_.save_session({m.id, node_id, session});
  std::map<long long, std::string> legs;
  for (long long room_id : rooms) {
    const auto room = rooms_.find_room(room_id);
    media::LegOptions leg;
    leg.hall_id = std::to_string(room_id);
    leg.display_name = room ? room->name : leg.hall_id;
    leg.is_host = room_id == m.draft.host_room_id;
    std::string node_key, hall_key;
    if (options_.srtp) {
      node_key = auth::srtp_key();
      hall_key = auth::srtp_key();
      leg.video.srtp = leg.audio.srtp = media::SrtpKeys{node_key, hall_key};
    }
    const auto info = media_call([&] { return node.add_leg(session, leg); });
    const std::string address = info.video.address.empty() || info.video.address == "0.0.0.0"
                                    ? options_.media_address
                                    : info.video.address;
    live_.save_leg({m.id, room_id, info.leg_id, address, info.video.rtp, info.audio.rtp, node_key, hall_key});
    legs[room_id] = info.leg_id;
  }
  {
    std::lock_guard lock(mutex_);
    sessions_[m.id] = {node_id, session};
    leg_of_room_[m.id] = std::move(legs);
  }
  event(m.id, std::nullopt, previous ? "session_reopened" : "session_open",
        std::to_string(rooms.size()) + " halls on node " + std::to_string(node_id));
}

void LiveService::close_session(long long meeting_id, const std::string& why) {
  std::optional<Running> session;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(meeting_id); it != sessions_.end()) session = it->second;
    sessions_.erase(meeting_id);
    leg_of_room_.erase(meeting_id);
    stats_.erase(meeting_id);
    std::erase_if(last_, [&](const auto& kv) { return kv.first.first == meeting_id; });
  }
  if (session) {
    try {
      backend(session->node_id).end_session(session->session);
    } catch (const std::exception&) {
      // The node may be gone; its session with it.
    }
  }
  live_.close_attendance(meeting_id, clock_());
  live_.close_session(meeting_id);
  event(meeting_id, std::nullopt, "session_closed", why);
}

void LiveService::watch() {
  std::map<long long, Running> sessions;
  {
    std::lock_guard lock(mutex_);
    sessions = sessions_;
  }
  const auto now = clock_();
  for (const auto& [meeting_id, run] : sessions) {
    media::SessionStats stats;
    try {
      stats = backend(run.node_id).stats(run.session);
    } catch (const std::exception& e) {
      logging::warn("watch: meeting " + std::to_string(meeting_id) + ": " + e.what());
      continue;  // the node's probe decides whether it is gone
    }
    live_.save_session_health(meeting_id, wire::session_health_json(meeting_id, stats).dump());
    std::vector<long long> present;
    for (const auto& leg : stats.legs) {
      const long long room = std::stoll(leg.hall_id);
      const auto& h = leg.health;
      std::optional<media::LegHealth> before;
      {
        std::lock_guard lock(mutex_);
        if (auto it = last_.find({meeting_id, room}); it != last_.end()) before = it->second;
        last_[{meeting_id, room}] = h;
      }
      const auto state_before = before ? before->state : media::LegState::connecting;
      if (h.state != state_before) {
        event(meeting_id, room, "leg_state",
              leg.display_name + ": " + media::to_string(state_before) + " -> " + media::to_string(h.state));
        if (h.state == media::LegState::lost) event(meeting_id, room, "hall_lost", leg.display_name);
      }
      if (connected(h.state) && !connected(state_before)) live_.hall_connected(meeting_id, room, now);
      if (!connected(h.state) && connected(state_before)) live_.hall_left(meeting_id, room, now);
      if (connected(h.state)) present.push_back(room);
      const auto grade = worst_grade(h);
      if (grade >= media::LossGrade::bad && (!before || worst_grade(*before) < media::LossGrade::bad))
        event(meeting_id, room, "loss_high",
              leg.display_name + ": loss " + std::to_string(std::max(h.video.loss_percent, h.audio.loss_percent)) + " %");
      if (h.frozen && (!before || !before->frozen)) event(meeting_id, room, "video_frozen", leg.display_name);
    }
    live_.halls_seen(meeting_id, present, now);
    std::lock_guard lock(mutex_);
    stats_[meeting_id] = stats;
  }
}

sched::Meeting LiveService::start_now(long long meeting_id, const std::string& actor) {
  auto m = booking_.apply(meeting_id, sched::LifecycleEvent::go_live, "started early", actor);
  event(meeting_id, std::nullopt, "meeting_live", "started by " + actor);
  tick();
  return m;
}

sched::Meeting LiveService::end_now(long long meeting_id, const std::string& actor) {
  auto m = booking_.apply(meeting_id, sched::LifecycleEvent::end, "ended by the organiser", actor);
  event(meeting_id, std::nullopt, "meeting_ended", "ended by " + actor);
  tick();
  return m;
}

std::optional<JoinInfo> LiveService::join(long long room_id) {
  for (auto status : {sched::MeetingStatus::live, sched::MeetingStatus::rehearsal}) {
    sched::MeetingFilter f;
    f.room_id = room_id;
    f.status = status;
    for (const auto& m : meetings_.list(f, {20, 0}).items)
      for (const auto& leg : live_.legs(m.id))
        if (leg.room_id == room_id) return JoinInfo{m, leg};
  }
  return std::nullopt;
}

std::optional<nlohmann::json> LiveService::health(long long meeting_id) {
  auto text = live_.session_health(meeting_id);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::vector<sched::LiveEvent> LiveService::events(long long after, std::chrono::milliseconds wait, int limit) {
  struct Waiting {
    std::atomic<int>& n;
    bool counted;
    ~Waiting() {
      if (counted) --n;
    }
  } slot{waiting_, wait.count() > 0 && ++waiting_ <= options_.max_waiting};
  if (wait.count() > 0 && !slot.counted) {
    --waiting_;
    wait = std::chrono::milliseconds(0);  // too many waiting already: answer now
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    auto found = live_.events_after(after, limit);
    if (!found.empty() || std::chrono::steady_clock::now() >= deadline) return found;
    // Events of this process wake us at once; those of others are seen within 250 ms.
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(250));
    if (stopping_) return {};
  }
}

void LiveService::moderate(long long meeting_id, Moderation action, std::optional<long long> room_id,
                           const std::string& argument) {
  const auto run = running(meeting_id);
  if (!run) throw sched::InvalidTransition("the meeting's session is not running in this process");
  auto& node = backend(run->node_id);
  const std::string& session = run->session;
  std::string leg;
  if (room_id) {
    std::lock_guard lock(mutex_);
    auto& legs = leg_of_room_[meeting_id];
    auto it = legs.find(*room_id);
    if (it == legs.end()) throw sched::NotFound("room " + std::to_string(*room_id) + " is not in this meeting");
    leg = it->second;
  }
  auto need_leg = [&] {
    if (leg.empty()) throw sched::InvalidInput("room_id", "this action needs room_id");
  };
  media_call([&] {
    switch (action) {
      case Moderation::mute: need_leg(); node.set_audio_muted(session, leg, true); break;
      case Moderation::unmute: need_leg(); node.set_audio_muted(session, leg, false); break;
      case Moderation::hide: need_leg(); node.set_video_hidden(session, leg, true); break;
      case Moderation::show: need_leg(); node.set_video_hidden(session, leg, false); break;
      case Moderation::floor:
        node.give_floor(session, leg.empty() ? std::nullopt : std::optional<std::string>(leg));
        break;
      case Moderation::remove:
        need_leg();
        node.remove_leg(session, leg);
        live_.remove_leg(meeting_id, *room_id);
        live_.hall_left(meeting_id, *room_id, clock_());
        {
          std::lock_guard lock(mutex_);
          leg_of_room_[meeting_id].erase(*room_id);
        }
        break;
      case Moderation::layout: {
        const auto layout = media::parse_layout(argument);
        if (!layout) throw sched::InvalidInput("layout", "layout must be grid, speaker or host");
        node.set_layout(session, *layout);
        break;
      }
      case Moderation::record_start: {
        std::filesystem::create_directories(options_.recordings_dir);
        const auto path = options_.recordings_dir + "/meeting-" + std::to_string(meeting_id) + "-" +
                          std::to_string(clock_().time_since_epoch().count()) + ".mkv";
        node.start_recording(session, path);
        break;
      }
      case Moderation::record_stop: node.stop_recording(session); break;
    }
    return 0;
  });
  event(meeting_id, room_id, "moderation", std::string(to_string(action)) + (argument.empty() ? "" : " " + argument));
}

std::map<long long, media::SessionStats> LiveService::local_stats() {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace app
