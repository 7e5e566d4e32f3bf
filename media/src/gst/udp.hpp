#pragma once
// A non-blocking UDP socket (RAII) and address helpers. IPv4 and IPv6.
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace media::gst {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  bool operator==(const SocketAddress& other) const;
};

// Throws InvalidInput for an address that is not a numeric IPv4/IPv6 literal.
SocketAddress make_address(const std::string& address, std::uint16_t port);

class UdpSocket {
 public:
  UdpSocket() = default;
  // Binds to address:port (0: any free port). Returns nullopt when taken.
  static std::optional<UdpSocket> bind(const std::string& address, std::uint16_t port);
  ~UdpSocket();
  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }
  // -1 when nothing is waiting. With `arrived`, it is set to when the datagram
  // reached the socket (kernel timestamp), when the kernel gave one.
  long receive(std::span<std::uint8_t> buffer, SocketAddress& from,
               std::chrono::steady_clock::time_point* arrived = nullptr) const;
  void send(std::span<const std::uint8_t> data, const SocketAddress& to) const;
  // Several datagrams to one address in one system call (sendmmsg).
  void send_many(std::span<const std::span<const std::uint8_t>> packets, const SocketAddress& to) const;

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// Hands out sockets from [min, max], rotating so a just-freed port is not reused at once.
class PortAllocator {
 public:
  PortAllocator(std::string address, std::uint16_t min, std::uint16_t max);
  UdpSocket allocate();  // throws Unavailable when the range is exhausted
  const std::string& address() const { return address_; }

 private:
  std::string address_;
  std::uint16_t min_;
  std::uint16_t max_;
  std::uint32_t next_;
};

}  // namespace media::gst
