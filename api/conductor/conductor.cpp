#include "conductor/conductor.hpp"

#include "log/log.hpp"
#include "scheduler/conductor_plan.hpp"
#include "scheduler/errors.hpp"

namespace conductor {

constexpr auto kListenEvery = std::chrono::milliseconds(20);  // how often announcements are looked at (no I/O)

Conductor::Conductor(Repositories repos, sched::BookingService& booking, BackendFactory remote, KeyMaker keys,
                     sched::Clock clock, ConductorOptions options)
    : repos_(repos),
      booking_(booking),
      clock_(std::move(clock)),
      options_(std::move(options)),
      writes_(repos_.live, clock_, options_.kept_records, options_.database_unavailable),
      events_(repos_.live, writes_, options_.max_waiting),
      nodes_(repos_.live, options_.embedded, std::move(remote)),
      runner_(repos_.live, repos_.rooms, nodes_, events_, clock_, options_.runner, std::move(keys)),
      watcher_(repos_.live, writes_, nodes_, events_, clock_),
      moderator_(repos_.live, nodes_, events_, clock_, options_.recordings_dir),
      relay_(repos_.moderation) {}

Conductor::~Conductor() { stop(); }

void Conductor::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(round_mutex_);
    while (!stopping_) {
      ++started_;
      wake_ = false;
      lock.unlock();
      tick();
      lock.lock();
      ++rounds_;
      round_done_.notify_all();
      // Until the next round: moderation requests are served as soon as they are announced.
      const auto next_round = std::chrono::steady_clock::now() + options_.tick;
      std::uint64_t seen = repos_.changes ? repos_.changes->generation() : 0;
      while (!round_done_.wait_until(lock, std::min(next_round, std::chrono::steady_clock::now() + kListenEvery),
                                     [this] { return stopping_ || wake_; }) &&
             std::chrono::steady_clock::now() < next_round) {
        if (!repos_.changes || repos_.changes->generation() == seen) continue;
        seen = repos_.changes->generation();
        lock.unlock();
        serve_moderation();
        lock.lock();
      }
    }
  });
}

void Conductor::stop() {
  {
    std::lock_guard lock(round_mutex_);
    stopping_ = true;
  }
  round_done_.notify_all();
  events_.stop();
  if (thread_.joinable()) thread_.join();
  runner_.end_all();
}

void Conductor::tick() {
  std::lock_guard round_lock(tick_mutex_);
  try {
    round();
  } catch (const std::exception& e) {
    logging::warn(std::string("conductor: ") + e.what());
  }
}

void Conductor::round() {
  writes_.flush();  // what was kept while the database was unavailable, in order
  bool leader = false;
  try {
    leader = repos_.live.hold_conductor_lease();
  } catch (const sched::Unavailable& e) {
    if (!leader_.load()) return;
    // The sessions run here go on (their nodes need no database) and their legs are still
    // watched; what the watcher records waits in memory until a primary answers. The lease
    // is taken again then, by this process or another (which adopts the sessions).
    if (!std::exchange(database_lost_, true))
      logging::warn(std::string("conductor: ") + e.what() + ": still watching the " +
                    std::to_string(runner_.running().size()) + " sessions run here");
    watcher_.watch(runner_.running());
    return;
  }
  if (std::exchange(database_lost_, false)) logging::info("conductor: the database answers again");
  if (leader != leader_.exchange(leader)) logging::info(leader ? "conductor: leading" : "conductor: standing by");
  if (!leader) {
    runner_.forget_all();  // another process conducts now; it adopts or reopens the sessions
    return;
  }
  for (const auto& n : nodes_.probe()) {
    events_.add(std::nullopt, std::nullopt, "node_offline", n.name + " (" + n.address + ") failed 3 probes");
    runner_.lose_node(NodeId(n.id));
  }
  const auto now = clock_();
  const auto window = booking_.policy().rehearsal_window;
  const auto here = runner_.running_ids();
  const auto meetings = repos_.live.meetings_to_conduct(now - options_.grace, now + window + std::chrono::seconds(1));
  // Sessions PostgreSQL holds open but that do not run here were lost (a restart).
  for (const auto& s : repos_.live.open_sessions())
    if (!here.contains(s.meeting_id) &&
        std::none_of(meetings.begin(), meetings.end(), [&](const auto& m) { return m.id == s.meeting_id; }))
      runner_.close(MeetingId(s.meeting_id), "meeting no longer running");
  for (const auto& planned : sched::plan_conductor(meetings, here, now, window, options_.grace)) {
    try {
      step(planned, meetings);
    } catch (const std::exception& e) {
      logging::warn("conductor: " + std::string(to_string(planned.step)) + " of meeting " +
                    std::to_string(planned.meeting_id) + ": " + e.what());
    }
  }
  watcher_.watch(runner_.running());
  relay_.serve(moderator_);  // those whose announcement was missed
}

void Conductor::serve_moderation() {
  if (!leading()) return;
  std::lock_guard round_lock(tick_mutex_);
  try {
    relay_.serve(moderator_);
  } catch (const std::exception& e) {
    logging::warn(std::string("conductor: moderation: ") + e.what());
  }
}

void Conductor::step(const sched::PlannedStep& planned, const std::vector<sched::Meeting>& meetings) {
  const MeetingId meeting(planned.meeting_id);
  switch (planned.step) {
    case sched::ConductorStep::open_rehearsal:
      booking_.apply(meeting.value, sched::LifecycleEvent::open_rehearsal, "", "conductor");
      break;
    case sched::ConductorStep::go_live:
      booking_.apply(meeting.value, sched::LifecycleEvent::go_live, "", "conductor");
      events_.add(meeting, std::nullopt, "meeting_live", "");
      break;
    case sched::ConductorStep::end:
      booking_.apply(meeting.value, sched::LifecycleEvent::end, "", "conductor");
      events_.add(meeting, std::nullopt, "meeting_ended", "");
      break;
    case sched::ConductorStep::open_session:
      for (const auto& m : meetings)
        if (m.id == meeting.value) runner_.open(m);
      break;
    case sched::ConductorStep::close_session:
      runner_.close(meeting, "meeting over");
      break;
  }
}

// Asks for a round and waits until one that began after the asking has finished (at most
// a few seconds). Without the background thread (tests) the round runs here.
void Conductor::wait_for_round() {
  std::unique_lock lock(round_mutex_);
  if (!thread_.joinable()) {
    lock.unlock();
    tick();
    return;
  }
  const std::uint64_t needed = started_ + 1;
  wake_ = true;
  round_done_.notify_all();
  round_done_.wait_for(lock, std::chrono::seconds(10), [&] { return stopping_ || rounds_ >= needed; });
}

sched::Meeting Conductor::start_now(MeetingId meeting, const std::string& actor) {
  auto m = booking_.apply(meeting.value, sched::LifecycleEvent::go_live, "started early", actor);
  events_.add(meeting, std::nullopt, "meeting_live", "started by " + actor);
  wait_for_round();
  return m;
}

sched::Meeting Conductor::end_now(MeetingId meeting, const std::string& actor) {
  auto m = booking_.apply(meeting.value, sched::LifecycleEvent::end, "ended by the organiser", actor);
  events_.add(meeting, std::nullopt, "meeting_ended", "ended by " + actor);
  wait_for_round();
  return m;
}

std::optional<JoinInfo> Conductor::join(RoomId room) {
  for (auto status : {sched::MeetingStatus::live, sched::MeetingStatus::rehearsal}) {
    sched::MeetingFilter f;
    f.room_id = room.value;
    f.status = status;
    for (const auto& m : repos_.meetings.list(f, {20, 0}).items)
      for (const auto& leg : repos_.live.legs(m.id))
        if (leg.room_id == room.value) return JoinInfo{m, leg};
  }
  return std::nullopt;
}

std::optional<LocalHallSession> Conductor::local_session(RoomId room) {
  const auto joined = join(room);
  if (!joined) return std::nullopt;
  const MeetingId meeting(joined->meeting.id);
  const auto running = runner_.running();
  const auto it = running.find(meeting);
  if (it == running.end() || it->second.node != nodes_.embedded_id()) return std::nullopt;
  const auto record = repos_.rooms.find_room(room.value);
  return LocalHallSession{meeting, it->second.session, record ? record->name : hall_id_of(room)};
}

std::optional<nlohmann::json> Conductor::health(MeetingId meeting) {
  auto text = repos_.live.session_health(meeting.value);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::vector<sched::LiveEvent> Conductor::events(long long after, std::chrono::milliseconds wait, int limit) {
  return events_.after(after, wait, limit);
}

void Conductor::moderate(const ModerationRequest& request) {
  if (leading()) {
    moderator_.moderate(request);
    return;
  }
  relay_.ask(request);
}

sched::MediaNodeRecord Conductor::add_node(const std::string& name, const std::string& address, int capacity_legs) {
  return nodes_.add(name, address, capacity_legs);
}

void Conductor::set_node_state(NodeId node, sched::NodeState state) { repos_.live.set_node_state(node.value, state); }

}  // namespace conductor
