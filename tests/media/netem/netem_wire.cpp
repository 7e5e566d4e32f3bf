// An impairable wire between two network namespaces, in user space: the kernel these
// tests run on has no netem qdisc, so each hall's link is a pair of TUN devices (one in
// the node's namespace, one in the hall's, made by netns.sh) and this program carries the
// IP packets between them, dropping, delaying, reordering or rate-limiting them the way
// netem and tbf would. Both directions get the same impairment, drawn independently, unless
// one direction alone is named.
//
//   netem_wire HALL_NETNS HALL_TUN NODE_TUN     (run inside the node's namespace)
//
// Commands on stdin, one a line (each replaces the whole impairment; "clear" removes it):
//   loss PERCENT delay MS jitter MS reorder PERCENT rate KBIT
//   uplink-only | downlink-only      (hall -> node, node -> hall; default both)
// all optional. delay/jitter: each packet waits delay ± jitter ms (uniform), so packets
// overtake each other as with netem. reorder P: P % of the packets skip the delay (netem's
// "reorder"). rate: a token bucket of that rate whose queue holds at most 100 ms (tbf's
// "latency 100ms"); what does not fit is dropped. Prints "ready" once both ends are open.
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Impairment {
  double loss = 0, delay_ms = 0, jitter_ms = 0, reorder = 0, rate_kbit = 0;
  bool up = true, down = true;  // which directions suffer it
};

Impairment parse(const std::string& line) {
  Impairment i;
  std::istringstream in(line);
  for (std::string key; in >> key;) {
    if (key == "uplink-only" || key == "downlink-only") {
      (key == "uplink-only" ? i.down : i.up) = false;
      continue;
    }
    double v = 0;
    if (!(in >> v)) break;
    if (key == "loss") i.loss = v;
    else if (key == "delay") i.delay_ms = v;
    else if (key == "jitter") i.jitter_ms = v;
    else if (key == "reorder") i.reorder = v;
    else if (key == "rate") i.rate_kbit = v;
  }
  return i;
}

int open_tun(const char* name) {
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  ifreq ifr{};
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (::ioctl(fd, TUNSETIFF, &ifr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

struct Held {
  Clock::time_point due;
  std::uint64_t order;
  std::vector<std::uint8_t> packet;
  bool operator>(const Held& o) const { return due != o.due ? due > o.due : order > o.order; }
};

struct Direction {
  int from = -1, to = -1;
  std::priority_queue<Held, std::vector<Held>, std::greater<>> held;
  Clock::time_point link_free{};  // the rate limiter's queue drains at this moment
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: netem_wire HALL_NETNS HALL_TUN NODE_TUN\n";
    return 2;
  }
  const int node_tun = open_tun(argv[3]);
  const int home = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  const int hall_ns = ::open((std::string("/var/run/netns/") + argv[1]).c_str(), O_RDONLY | O_CLOEXEC);
  if (node_tun < 0 || home < 0 || hall_ns < 0 || ::setns(hall_ns, CLONE_NEWNET) != 0) {
    std::cerr << "netem_wire: cannot open the node's TUN or enter " << argv[1] << "\n";
    return 1;
  }
  const int hall_tun = open_tun(argv[2]);
  ::setns(home, CLONE_NEWNET);
  if (hall_tun < 0) {
    std::cerr << "netem_wire: cannot open the hall's TUN\n";
    return 1;
  }
  std::printf("ready\n");
  std::fflush(stdout);

  Direction up, down;  // hall -> node, node -> hall
  up.from = hall_tun, up.to = node_tun;
  down.from = node_tun, down.to = hall_tun;
  Impairment imp;
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uint64_t order = 0;
  std::string command;
  std::vector<std::uint8_t> buffer(65536);

  for (;;) {
    // Sleep until a packet arrives, a command comes or the next held packet is due.
    int timeout = 100;
    const auto now0 = Clock::now();
    for (Direction* d : {&up, &down}) {
      if (d->held.empty()) continue;
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(d->held.top().due - now0).count();
      timeout = std::min<int>(timeout, static_cast<int>(std::max<long long>(0, wait)));
    }
    pollfd fds[3] = {{hall_tun, POLLIN, 0}, {node_tun, POLLIN, 0}, {0, POLLIN, 0}};
    if (::poll(fds, 3, timeout) < 0) continue;
    const auto now = Clock::now();
    if (fds[2].revents & (POLLIN | POLLHUP)) {
      char c[256];
      const auto n = ::read(0, c, sizeof c);
      if (n <= 0) break;  // the driver is gone: so is the wire
      for (long i = 0; i < n; ++i) {
        if (c[i] != '\n') {
          command += c[i];
          continue;
        }
        imp = command == "clear" ? Impairment{} : parse(command);
        command.clear();
      }
    }
    for (int k = 0; k < 2; ++k) {
      Direction& d = k == 0 ? up : down;
      if (!(fds[k].revents & POLLIN)) continue;
      const bool impaired = k == 0 ? imp.up : imp.down;
      for (int burst = 0; burst < 256; ++burst) {
        const auto n = ::read(d.from, buffer.data(), buffer.size());
        if (n <= 0) break;
        if (!impaired) {
          d.held.push(Held{now, order++, std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n)});
          continue;
        }
        if (imp.loss > 0 && unit(random) * 100.0 < imp.loss) continue;
        auto due = now;
        if (imp.rate_kbit > 0) {
          const auto start = std::max(now, d.link_free);
          const auto send_time = std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(static_cast<double>(n) * 8.0 / (imp.rate_kbit * 1000.0)));
          if (start - now > std::chrono::milliseconds(100)) continue;  // the queue is full
          d.link_free = start + send_time;
          due = d.link_free;
        }
        if (imp.delay_ms > 0 || imp.jitter_ms > 0) {
          if (!(imp.reorder > 0 && unit(random) * 100.0 < imp.reorder)) {
            const double ms = std::max(0.0, imp.delay_ms + (unit(random) * 2.0 - 1.0) * imp.jitter_ms);
            due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double, std::milli>(ms));
          }
        }
        d.held.push(Held{due, order++, std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n)});
      }
    }
    for (Direction* d : {&up, &down}) {
      while (!d->held.empty() && d->held.top().due <= Clock::now()) {
        (void)::write(d->to, d->held.top().packet.data(), d->held.top().packet.size());
        d->held.pop();
      }
    }
  }
  return 0;
}
