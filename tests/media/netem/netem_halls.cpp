// Halls on impaired links: a media::Node (in this process, inside the node's network
// namespace made by netns.sh) links one hall_probe per hall namespace; hall 0's veth pair
// gets an impairment (netem_wire: loss, delay, jitter, reordering, a rate cap; both
// directions suffer) while the others' wires stay clean. For each impairment it measures what hall 0 receives, what the others
// receive, the health the node reports (what IT staff see) and the time to recover, and
// prints one Markdown table row.
//
//   netem_halls WIRE PROBE SECONDS SCENARIO... [--check]
//
// SECONDS: how long each impairment lasts (the outage always lasts 5 s). --check: exits 1
// when the other halls were affected or hall 0's health does not match its impairment
// (properties, not speeds: nothing here asserts a frame rate or a latency).
#include <fcntl.h>
#include <gst/gst.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "media/node.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Hall {
  std::string ns, node_if, hall_if, node_ip, hall_ip;
};

struct Sample {  // one line of hall_probe
  double t = 0;  // seconds on the steady clock
  double frames = 0, keyframes = 0, freeze_ms = 0, vrtp = 0, vmiss = 0, artp = 0, amiss = 0;
  double frame_gap_ms = 0, audio_gap_ms = 0;
};

double now_s() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

class Probe {
 public:
  Probe(const std::string& exe, const Hall& hall, const media::LegInfo& leg, int tone) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      const std::string vr = std::to_string(leg.video.rtp), vc = std::to_string(leg.video.rtcp),
                        ar = std::to_string(leg.audio.rtp), ac = std::to_string(leg.audio.rtcp),
                        hz = std::to_string(tone);
      ::execlp("ip", "ip", "netns", "exec", hall.ns.c_str(), exe.c_str(), hall.node_ip.c_str(), vr.c_str(),
               vc.c_str(), ar.c_str(), ac.c_str(), hz.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    in_ = ::fdopen(fds[0], "r");
    reader_ = std::thread([this] { read(); });
  }
  ~Probe() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
    }
    if (reader_.joinable()) reader_.join();
    if (in_) std::fclose(in_);
  }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // Counters between the first sample at or after t0 and the last at or before t1; the
  // "longest" figures are the largest in between.
  Sample between(double t0, double t1) const {
    std::lock_guard lock(mutex_);
    const Sample* a = nullptr;
    const Sample* b = nullptr;
    Sample d;
    for (const Sample& s : samples_) {
      if (s.t >= t0 && !a) a = &s;
      if (s.t <= t1) b = &s;
      if (a && s.t > a->t && s.t <= t1) {
        d.frame_gap_ms = std::max(d.frame_gap_ms, s.frame_gap_ms);
        d.audio_gap_ms = std::max(d.audio_gap_ms, s.audio_gap_ms);
      }
    }
    if (!a || !b || b->t <= a->t) return d;
    d.t = b->t - a->t;
    d.frames = b->frames - a->frames;
    d.keyframes = b->keyframes - a->keyframes;
    d.freeze_ms = b->freeze_ms - a->freeze_ms;
    d.vrtp = b->vrtp - a->vrtp;
    d.vmiss = b->vmiss - a->vmiss;
    d.artp = b->artp - a->artp;
    d.amiss = b->amiss - a->amiss;
    return d;
  }

 private:
  void read() {
    char line[512];
    while (std::fgets(line, sizeof line, in_)) {
      Sample s;
      long long ns = 0;
      if (std::sscanf(line, "C %lld %lf %lf %lf %lf %lf %lf %lf %lf %lf", &ns, &s.frames, &s.keyframes, &s.freeze_ms,
                      &s.vrtp, &s.vmiss, &s.artp, &s.amiss, &s.frame_gap_ms, &s.audio_gap_ms) == 10) {
        s.t = static_cast<double>(ns) / 1e9;
        std::lock_guard lock(mutex_);
        samples_.push_back(s);
      }
    }
  }
  pid_t pid_ = -1;
  FILE* in_ = nullptr;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::vector<Sample> samples_;
};

struct Scenario {
  std::string name;
  std::string impairment;  // netem_wire's command
  double loss_percent;     // the loss each direction is given (for the expected grade)
  bool outage = false;
};

const std::map<std::string, Scenario>& scenarios() {
  static const std::map<std::string, Scenario> all = {
      {"loss1", {"1 % loss", "loss 1", 1}},
      {"loss5", {"5 % loss", "loss 5", 5}},
      {"loss10", {"10 % loss", "loss 10", 10}},
      {"loss20", {"20 % loss", "loss 20", 20}},
      {"jitter50", {"50 ms jitter (delay 50 ± 50 ms)", "delay 50 jitter 50", 0}},
      {"jitter150", {"150 ms jitter (delay 150 ± 150 ms)", "delay 150 jitter 150", 0}},
      {"loss10jitter50", {"10 % loss + 50 ms jitter", "loss 10 delay 50 jitter 50", 10}},
      // One direction at a time, to tell where a hall's freezes come from.
      {"loss10jitter50down", {"10 % loss + 50 ms jitter, node → hall only", "loss 10 delay 50 jitter 50 downlink-only", 10}},
      {"loss10jitter50up", {"10 % loss + 50 ms jitter, hall → node only", "loss 10 delay 50 jitter 50 uplink-only", 10}},
      {"jitter50down", {"50 ms jitter, node → hall only", "delay 50 jitter 50 downlink-only", 0}},
      {"loss10down", {"10 % loss, node → hall only", "loss 10 downlink-only", 10}},
      {"reorder", {"reordering (25 % overtake by 20 ms)", "delay 20 reorder 25", 0}},
      {"outage", {"5 s outage", "loss 100", 100, true}},
      {"cap", {"bandwidth cap 250 kbit/s", "rate 250", 0}},
  };
  return all;
}

// One hall's link: netem_wire carrying its TUN pair, told what to do on its stdin.
class Wire {
 public:
  Wire(const std::string& exe, const Hall& h) {
    int in[2], out[2];
    // Close-on-exec: no other child may hold this wire's stdin open (it ends at EOF).
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
      ::execl(exe.c_str(), exe.c_str(), h.ns.c_str(), h.hall_if.c_str(), h.node_if.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    control_ = in[1];
    char ready[16] = {};
    const auto n = ::read(out[0], ready, sizeof ready - 1);
    ::close(out[0]);
    if (n <= 0 || std::string(ready).rfind("ready", 0) != 0) throw std::runtime_error("netem_wire did not start");
  }
  ~Wire() {
    ::close(control_);  // the wire ends when its stdin does
    int status = 0;
    if (pid_ > 0) ::waitpid(pid_, &status, 0);
  }
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;
  void set(const std::string& impairment) {
    const std::string line = impairment + "\n";
    if (::write(control_, line.data(), line.size()) != static_cast<long>(line.size()))
      throw std::runtime_error("netem_wire is gone");
  }

 private:
  pid_t pid_ = -1;
  int control_ = -1;
};

const media::LegStatus* leg_of(const media::SessionStats& s, const std::string& id) {
  for (const auto& l : s.legs)
    if (l.leg_id == id) return &l;
  return nullptr;
}

template <typename T>
T mode(const std::vector<T>& v) {
  std::map<T, int> n;
  for (const T& x : v) ++n[x];
  T best{};
  int most = -1;
  for (const auto& [x, c] : n)
    if (c > most) best = x, most = c;
  return best;
}

struct Row {
  std::string text;
  bool ok = true;
  std::vector<std::string> failures;
};

std::string fmt(double v, int digits = 1) {
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

double worst_loss_grade_percent(const media::StreamHealth& s) {
  return std::max(s.loss_percent, s.peer_loss_percent.value_or(0.0));
}

Row run(const Scenario& sc, double seconds, media::Session& session, Wire& wire,
        const std::vector<media::LegInfo>& legs, const std::vector<std::unique_ptr<Probe>>& probes) {
  Row row;
  auto fail = [&](const std::string& why) {
    row.ok = false;
    row.failures.push_back(sc.name + ": " + why);
  };
  const double duration = sc.outage ? 5.0 : seconds;
  // Baseline: 5 s with every link clean.
  const double b0 = now_s();
  std::this_thread::sleep_for(5s);
  const double b1 = now_s();
  (void)session.stats();

  wire.set(sc.impairment);
  const double i0 = now_s();
  std::vector<media::LossGrade> grades;
  std::vector<media::LegState> states;
  std::vector<double> node_loss, node_fps, node_jitter;
  bool saw_lost = false;
  std::vector<std::string> other_problems;
  int other_samples = 0;
  while (now_s() - i0 < duration) {
    std::this_thread::sleep_for(500ms);
    const auto stats = session.stats();
    const double since = now_s() - i0;
    if (const auto* l = leg_of(stats, legs[0].leg_id); l && since > 2.0) {
      const auto& h = l->health;
      const double loss = std::max(worst_loss_grade_percent(h.video), worst_loss_grade_percent(h.audio));
      grades.push_back(media::grade_loss(loss));
      states.push_back(h.state);
      node_loss.push_back(h.video.loss_percent);
      node_fps.push_back(h.decoded_fps);
      node_jitter.push_back(h.video.jitter_ms);
      if (h.state == media::LegState::lost) saw_lost = true;
    }
    for (std::size_t i = 1; i < legs.size(); ++i) {
      const auto* l = leg_of(stats, legs[i].leg_id);
      if (!l) continue;
      ++other_samples;
      if (l->health.state != media::LegState::ok)
        other_problems.push_back(std::string("hall ") + std::to_string(i) + " " + media::to_string(l->health.state));
      if (l->health.video.loss_grade != media::LossGrade::good || l->health.audio.loss_grade != media::LossGrade::good)
        other_problems.push_back(std::string("hall ") + std::to_string(i) + " loss grade " +
                                 media::to_string(std::max(l->health.video.loss_grade, l->health.audio.loss_grade)));
    }
  }
  const double i1 = now_s();
  wire.set("clear");

  // Recovery: the first moment from which hall 0 gets >= 25 fps and no audio gap for a
  // whole second, and the moment the node reports it ok again.
  double media_back = -1, health_back = -1;
  while (now_s() - i1 < 30.0 && (media_back < 0 || health_back < 0)) {
    std::this_thread::sleep_for(100ms);
    const double t = now_s();
    if (media_back < 0 && t - i1 >= 1.0) {
      const Sample w = probes[0]->between(t - 1.0, t);
      if (w.t > 0.5 && w.frames / w.t >= 25.0 && w.amiss == 0) media_back = std::max(0.0, t - 1.0 - i1);
    }
    if (health_back < 0) {
      const auto stats = session.stats();
      if (const auto* l = leg_of(stats, legs[0].leg_id); l && l->health.state == media::LegState::ok)
        health_back = t - i1;
    }
  }

  // Hall 0's figures include the half second after the repair: what was lost is counted
  // when the next packet comes (a 5 s outage's audio gap, say).
  const Sample imp = probes[0]->between(i0, i1 + 0.5);
  std::vector<Sample> other_base, other_imp;
  for (std::size_t i = 1; i < probes.size(); ++i) {
    other_base.push_back(probes[i]->between(b0, b1));
    other_imp.push_back(probes[i]->between(i0, i1));
  }
  auto per_s = [](const Sample& s, double v) { return s.t > 0 ? v / s.t : 0.0; };
  auto pct = [](double miss, double got) { return miss + got > 0 ? 100.0 * miss / (miss + got) : 0.0; };
  double others_fps_base = 1e9, others_fps_imp = 1e9, others_amiss = 0, others_vmiss = 0, others_kf = 0,
         others_freeze = 0;
  for (std::size_t i = 0; i < other_imp.size(); ++i) {
    others_fps_base = std::min(others_fps_base, per_s(other_base[i], other_base[i].frames));
    others_fps_imp = std::min(others_fps_imp, per_s(other_imp[i], other_imp[i].frames));
    others_amiss += other_imp[i].amiss;
    others_vmiss += other_imp[i].vmiss;
    others_kf = std::max(others_kf, per_s(other_imp[i], other_imp[i].keyframes));
    others_freeze = std::max(others_freeze, other_imp[i].freeze_ms);
  }
  const auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const std::string grade = grades.empty() ? "-" : media::to_string(mode(grades));
  const std::string state = states.empty() ? "-" : (saw_lost ? "lost" : media::to_string(mode(states)));
  std::ostringstream r;
  r << "| " << sc.name << " | " << fmt(per_s(imp, imp.frames)) << " | " << fmt(imp.freeze_ms / 1000.0 * 60.0 / imp.t)
    << " | " << fmt(pct(imp.vmiss, imp.vrtp)) << " % | " << fmt(pct(imp.amiss, imp.artp)) << " % / " << fmt(imp.audio_gap_ms, 0) << " ms | "
    << fmt(median(node_loss)) << " % · " << grade << " · " << state << " | " << fmt(median(node_jitter)) << " | "
    << fmt(median(node_fps)) << " | " << fmt(others_fps_base) << " → " << fmt(others_fps_imp) << " | "
    << fmt(others_freeze, 0) << " ms · " << others_vmiss << " / " << others_amiss << " | "
    << (other_problems.empty() ? std::string("ok · good")
                               : other_problems.front() + " (" + std::to_string(other_problems.size()) + " of " +
                                     std::to_string(other_samples) + ")")
    << " | " << fmt(others_kf, 2) << " | "
    << (media_back < 0 ? std::string(">30") : fmt(media_back)) << " / "
    << (health_back < 0 ? std::string(">30") : fmt(health_back)) << " |";
  row.text = r.str();

  // The properties --check holds to.
  // Every sample, but for a stall of the (shared, loaded) machine now and then: one in ten.
  if (other_problems.size() * 10 > static_cast<std::size_t>(other_samples))
    fail("another hall's health changed in " + std::to_string(other_problems.size()) + " of " +
         std::to_string(other_samples) + " samples, first: " + other_problems.front());
  // A loaded machine may lose the odd packet anywhere; an impairment leaking onto the
  // others would lose far more than half a percent.
  double others_vrtp = 0, others_artp = 0;
  for (const Sample& o : other_imp) others_vrtp += o.vrtp, others_artp += o.artp;
  if (pct(others_vmiss, others_vrtp) > 0.5 || pct(others_amiss, others_artp) > 0.5)
    fail("another hall missed packets: video " + fmt(others_vmiss, 0) + ", audio " + fmt(others_amiss, 0));
  if (sc.outage) {
    if (!saw_lost) fail("hall 0 was never reported lost during the outage");
  } else if (sc.loss_percent > 0) {
    const auto low = media::grade_loss(sc.loss_percent * 0.6), high = media::grade_loss(sc.loss_percent * 1.4);
    if (grades.empty()) {
      fail("no health samples for hall 0");
    } else if (mode(grades) < low || mode(grades) > high) {
      fail("hall 0 graded " + grade + " at " + fmt(sc.loss_percent, 0) + " % loss");
    }
    if (sc.loss_percent >= 3 && !states.empty() && mode(states) != media::LegState::degraded)
      fail("hall 0 is " + state + ", not degraded, at " + fmt(sc.loss_percent, 0) + " % loss");
  }
  // The shared encoder's forced keyframes are rate-limited (one per 500 ms, plus its own
  // every 4 s): a lossy hall's picture-loss requests must not flood the others with them.
  if (others_kf > 2.5) fail("the other halls got " + fmt(others_kf, 2) + " keyframes/s");
  if (health_back < 0) fail("hall 0 was not reported ok within 30 s of the link's repair");
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: netem_halls WIRE PROBE SECONDS SCENARIO... [--check]\n";
    return 2;
  }
  const std::string wire_exe = argv[1];
  const std::string probe = argv[2];
  const double seconds = std::stod(argv[3]);
  bool check = false;
  std::vector<Scenario> chosen;
  for (int i = 4; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") {
      check = true;
    } else if (scenarios().count(a)) {
      chosen.push_back(scenarios().at(a));
    } else {
      std::cerr << "unknown scenario " << a << "\n";
      return 2;
    }
  }
  const char* env = std::getenv("NETEM_HALLS");
  if (!env) {
    std::cerr << "NETEM_HALLS is not set: run under tests/media/netem/netns.sh\n";
    return 2;
  }
  std::vector<Hall> halls;
  std::stringstream all(env);
  for (std::string entry; std::getline(all, entry, ';');) {
    std::stringstream e(entry);
    Hall h;
    std::getline(e, h.ns, ',');
    std::getline(e, h.node_if, ',');
    std::getline(e, h.hall_if, ',');
    std::getline(e, h.node_ip, ',');
    std::getline(e, h.hall_ip, ',');
    halls.push_back(h);
  }
  if (halls.size() < 2) {
    std::cerr << "needs at least two halls\n";
    return 2;
  }
  std::vector<std::unique_ptr<Wire>> wires;
  for (const Hall& h : halls) wires.push_back(std::make_unique<Wire>(wire_exe, h));
  gst_init(nullptr, nullptr);
  // 0.0.0.0 inside the node's namespace: only its lo and the halls' veth ends are there.
  media::Node node({.bind_address = "0.0.0.0", .port_min = 0, .port_max = 0});
  media::SessionOptions options;
  options.outputs = {{"sd", 640, 360, 500}};
  auto session = node.create_session(options);
  std::vector<media::LegInfo> legs;
  std::vector<std::unique_ptr<Probe>> probes;
  for (std::size_t i = 0; i < halls.size(); ++i) {
    media::LegOptions o;
    o.hall_id = "hall-" + std::to_string(i);
    o.display_name = "Hall " + std::to_string(i);
    o.output = "sd";
    o.video.rtcp_mux = false;
    o.video.remote_rtp = media::Endpoint{halls[i].hall_ip, 5000};
    o.video.remote_rtcp = media::Endpoint{halls[i].hall_ip, 5001};
    o.audio.rtcp_mux = false;
    o.audio.remote_rtp = media::Endpoint{halls[i].hall_ip, 5002};
    o.audio.remote_rtcp = media::Endpoint{halls[i].hall_ip, 5003};
    legs.push_back(session->add_leg(o));
    probes.push_back(std::make_unique<Probe>(probe, halls[i], legs.back(), 400 + 300 * static_cast<int>(i)));
  }
  // Every hall decoding the composite first.
  const double start = now_s();
  bool ready = false;
  while (!ready && now_s() - start < 30.0) {
    std::this_thread::sleep_for(500ms);
    const double t = now_s();
    ready = t - start > 5.0;
    for (const auto& p : probes) {
      const Sample w = p->between(t - 2.0, t);
      if (w.t < 1.5 || w.frames / w.t < 25.0 || w.amiss > 0) ready = false;
    }
  }
  if (!ready) std::cerr << "warning: not every hall received 25 fps before the first impairment\n";

  std::cout << "| impairment (hall 0, both directions) | hall 0 fps | hall 0 freeze s/min | hall 0 video packets missing | hall 0 audio missing / "
               "longest gap | node sees hall 0: loss · grade · state | jitter ms | node decodes hall 0 fps | "
               "others fps (before → during) | others: longest freeze · video/audio packets missing | others' health | "
               "keyframes/s at others | recovery s (picture+sound / health ok) |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            << std::flush;
  std::vector<std::string> failures;
  for (const Scenario& sc : chosen) {
    Row row;
    try {
      row = run(sc, seconds, *session, *wires[0], legs, probes);
    } catch (const std::exception& e) {
      wires[0]->set("clear");
      row.ok = false;
      row.failures.push_back(sc.name + ": " + e.what());
    }
    std::cout << row.text << "\n" << std::flush;
    failures.insert(failures.end(), row.failures.begin(), row.failures.end());
  }
  probes.clear();
  wires.clear();
  node.end_session(session->id());
  for (const auto& f : failures) std::cerr << "FAILED: " << f << "\n";
  return check && !failures.empty() ? 1 : 0;
}
