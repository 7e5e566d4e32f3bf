#include "signal_checks.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <numbers>

namespace testing_support {

double tone_power(const std::vector<std::int16_t>& samples, double freq) {
  const double w = 2.0 * std::numbers::pi * freq / 48000.0;
  const double coeff = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (const auto x : samples) {
    const double s0 = static_cast<double>(x) / 32768.0 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return samples.empty() ? 0.0 : power / static_cast<double>(samples.size());
}

bool near_colour(const std::array<int, 3>& px, std::uint32_t rgb) {
  const int want[3] = {static_cast<int>((rgb >> 16) & 0xFF), static_cast<int>((rgb >> 8) & 0xFF),
                       static_cast<int>(rgb & 0xFF)};
  for (int c = 0; c < 3; ++c)
    if (std::abs(px[c] - want[c]) > 70) return false;
  return true;
}

std::uint16_t free_loopback_port(int socket_type) {
  const int fd = ::socket(AF_INET, socket_type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace testing_support
