#include "udp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "media/node.hpp"

namespace media::gst {

bool SocketAddress::operator==(const SocketAddress& other) const {
  return length == other.length && std::memcmp(&storage, &other.storage, length) == 0;
}

SocketAddress make_address(const std::string& address, std::uint16_t port) {
  SocketAddress a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.length = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.length = sizeof(sockaddr_in6);
  } else {
    throw InvalidInput("not a numeric IP address: '" + address + "'");
  }
  return a;
}

std::optional<UdpSocket> UdpSocket::bind(const std::string& address, std::uint16_t port) {
  const SocketAddress local = make_address(address, port);
  UdpSocket s;
  s.fd_ = ::socket(local.storage.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s.fd_ < 0) throw Unavailable(std::string("socket: ") + std::strerror(errno));
  const int size = 1 << 20;  // room for a burst of keyframe packets
  ::setsockopt(s.fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  const int on = 1;  // the kernel notes each datagram's arrival time (see receive)
  ::setsockopt(s.fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
  if (::bind(s.fd_, reinterpret_cast<const sockaddr*>(&local.storage), local.length) != 0) {
    return std::nullopt;
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(s.fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  s.port_ = bound.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port)
                                       : ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  return s;
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) ::close(fd_);
}

UdpSocket::UdpSocket(UdpSocket&& other) noexcept : fd_(other.fd_), port_(other.port_) { other.fd_ = -1; }

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    port_ = other.port_;
    other.fd_ = -1;
  }
  return *this;
}

long UdpSocket::receive(std::span<std::uint8_t> buffer, SocketAddress& from,
                        std::chrono::steady_clock::time_point* arrived) const {
  iovec iov{buffer.data(), buffer.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
  msghdr message{};
  message.msg_name = &from.storage;
  message.msg_namelen = sizeof from.storage;
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const long n = ::recvmsg(fd_, &message, 0);
  from.length = message.msg_namelen;
  if (n < 0 || !arrived) return n;
  // The kernel's arrival time (wall clock) expressed on the steady clock: jitter and
  // RTT stay exact however long the datagram waited to be read.
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec at{};
    std::memcpy(&at, CMSG_DATA(c), sizeof at);
    const auto wall_at = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::seconds(at.tv_sec) + std::chrono::nanoseconds(at.tv_nsec)));
    const auto waited = std::chrono::system_clock::now() - wall_at;
    if (waited >= std::chrono::system_clock::duration::zero() && waited < std::chrono::seconds(1)) {
      *arrived = std::chrono::steady_clock::now() - std::chrono::duration_cast<std::chrono::steady_clock::duration>(waited);
    }
  }
  return n;
}

void UdpSocket::send(std::span<const std::uint8_t> data, const SocketAddress& to) const {
  // UDP: a failed send is a lost packet, which RTCP and health report.
  (void)::sendto(fd_, data.data(), data.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&to.storage),
                 to.length);
}

void UdpSocket::send_many(std::span<const std::span<const std::uint8_t>> packets, const SocketAddress& to) const {
  constexpr std::size_t kBatch = 64;
  std::array<iovec, kBatch> iov{};
  std::array<mmsghdr, kBatch> messages{};
  for (std::size_t first = 0; first < packets.size(); first += kBatch) {
    const std::size_t count = std::min(kBatch, packets.size() - first);
    for (std::size_t i = 0; i < count; ++i) {
      const auto packet = packets[first + i];
      iov[i] = {const_cast<std::uint8_t*>(packet.data()), packet.size()};
      messages[i] = {};
      messages[i].msg_hdr.msg_name = const_cast<sockaddr_storage*>(&to.storage);
      messages[i].msg_hdr.msg_namelen = to.length;
      messages[i].msg_hdr.msg_iov = &iov[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    // As with send(): what the kernel does not take is lost, and RTCP reports it.
    (void)::sendmmsg(fd_, messages.data(), static_cast<unsigned>(count), MSG_DONTWAIT);
  }
}

PortAllocator::PortAllocator(std::string address, std::uint16_t min, std::uint16_t max)
    : address_(std::move(address)), min_(min), max_(max), next_(min) {
  make_address(address_, 0);  // validate early
  if (min_ > max_) throw InvalidInput("port range is empty");
}

UdpSocket PortAllocator::allocate() {
  if (min_ == 0) {
    if (auto s = UdpSocket::bind(address_, 0)) return std::move(*s);
    throw Unavailable("no free UDP port");
  }
  const std::uint32_t span = static_cast<std::uint32_t>(max_) - min_ + 1;
  for (std::uint32_t i = 0; i < span; ++i) {
    const auto port = static_cast<std::uint16_t>(min_ + (next_ - min_ + i) % span);
    if (auto s = UdpSocket::bind(address_, port)) {
      next_ = min_ + (port - min_ + 1u) % span;
      return std::move(*s);
    }
  }
  throw Unavailable("no free UDP port in " + std::to_string(min_) + "-" + std::to_string(max_));
}

}  // namespace media::gst
