// The media-node process: flags, HTTP on loopback, clean stop on SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "node_process.hpp"

namespace {

using media::test_support::NodeProcess;

// One HTTP/1.1 exchange; returns the raw response.
std::string http(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return "";
  }
  const std::string request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                              "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\n\r\n" + body;
  (void)::send(fd, request.data(), request.size(), 0);
  // Pistache 0.0.5 says "Connection: Close" but may keep the socket open: read by Content-Length.
  timeval limit{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string response;
  char buffer[4096];
  long n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    response.append(buffer, static_cast<std::size_t>(n));
    const auto head_end = response.find("\r\n\r\n");
    const auto length_at = response.find("Content-Length: ");
    if (head_end == std::string::npos || length_at == std::string::npos) continue;
    const auto length = std::stoul(response.substr(length_at + 16));
    if (response.size() >= head_end + 4 + length) break;
  }
  ::close(fd);
  return response;
}

TEST(MediaNodeProcess, ServesTheControlApiOnLoopbackAndStopsOnSigterm) {
  NodeProcess node({"--port", "0", "--rtp-ports", "0-0"});
  const std::string banner = node.line();
  const auto colon = banner.rfind(':');
  ASSERT_NE(colon, std::string::npos) << banner;
  const auto port = static_cast<std::uint16_t>(std::stoi(banner.substr(colon + 1)));
  EXPECT_NE(banner.find("127.0.0.1"), std::string::npos);

  EXPECT_NE(http(port, "GET", "/health", "").find("200 OK"), std::string::npos);
  const std::string created = http(port, "POST", "/sessions", R"({"video":false})");
  EXPECT_NE(created.find("201"), std::string::npos) << created;
  EXPECT_NE(created.find(R"("id":"s1")"), std::string::npos) << created;
  const std::string leg = http(port, "POST", "/sessions/s1/legs", R"({"hall_id":"A"})");
  EXPECT_NE(leg.find("201"), std::string::npos) << leg;
  const std::string bad = http(port, "POST", "/sessions/s1/legs", R"({"hall_id":)");
  EXPECT_NE(bad.find("400"), std::string::npos) << bad;
  EXPECT_NE(bad.find("application/problem+json"), std::string::npos) << bad;
  EXPECT_EQ(node.stop(), 0);
}

TEST(MediaNodeProcess, RefusesBadFlagsWithUsage) {
  NodeProcess node({"--port", "seventy"});
  EXPECT_EQ(node.wait_exit(), 2);
  NodeProcess ports({"--port", "0", "--rtp-ports", "0-0", "--webrtc-ports", "50999-50000"});
  EXPECT_EQ(ports.wait_exit(), 2);
  NodeProcess words({"--port", "0", "--webrtc-ports", "low-high"});
  EXPECT_EQ(words.wait_exit(), 2);
}

}  // namespace
