// The media-node process: flags, HTTP on loopback, clean stop on SIGTERM.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace {

class NodeProcess {
 public:
  explicit NodeProcess(std::vector<std::string> args) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      std::vector<char*> argv{const_cast<char*>(MEDIA_NODE_PATH)};
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(MEDIA_NODE_PATH, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
  }
  ~NodeProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_) ::fclose(stdout_);
  }
  std::string line() {
    char buffer[256] = {};
    return std::fgets(buffer, sizeof buffer, stdout_) ? buffer : "";
  }
  int stop() {  // SIGTERM, then the exit status
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int wait_exit() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
};

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
}

}  // namespace
