// Malformed, pipelined, idle and slow HTTP against the real server, byte by byte over a real
// socket. Every answer is problem+json with a fixed detail (nothing from the request, no
// internal text), broken connections are closed, and a normal client is served throughout.
// A server of its own with short timeouts and a small per-client cap keeps the suite quick.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

testing_support::ServerProcess& strict_server() {
  static testing_support::ServerProcess server(
      world().db.url(), kAdmin, {{"MEETINGD_NOW", "2026-11-27T09:00:00+07:00"}},
      {"--header-timeout", "1", "--body-timeout", "2", "--idle-timeout", "2", "--max-connections-per-client", "60"});
  return server;
}

// One raw TCP connection to the strict server.
class Raw {
 public:
  Raw() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(strict_server().port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Raw() { ::close(fd_); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }
  void send(const std::string& bytes) { (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

  // What arrives until the server closes or `quiet` passes with nothing new; `closed` tells which.
  std::string read(std::chrono::milliseconds quiet = 1500ms) {
    std::string out;
    char buf[65536];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(quiet.count())) <= 0) return out;
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        return out;
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  [[nodiscard]] bool closed() const { return closed_; }

  // Whether the server has closed the connection within `limit` (reading and dropping what comes).
  bool closed_within(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!closed_ && std::chrono::steady_clock::now() < deadline) read(200ms);
    return closed_;
  }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

// A normal client still gets its answer.
void served() {
  auto a = call_at(strict_server().port(), "GET", "/healthz", "");
  EXPECT_EQ(a.status, 200);
}

struct Hostile {
  std::string label;
  std::string bytes;
  std::string status;  // "HTTP/1.1 400"
};

TEST_F(E2E, MalformedRequestsGetAProblemWithAFixedDetailAndAClosedConnection) {
  const std::string token = "Bearer hostile-token-that-must-not-come-back";
  const std::vector<Hostile> cases = {
      {"negative length", "POST /v1/meetings HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 400"},
      {"length above 2^64", "POST /v1/meetings HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       "HTTP/1.1 413"},
      {"NUL in the Host line",
       std::string("GET /v1/orgs HTTP/1.1\r\nHost: a\r\0\nAuthorization: ", 42) + token + "\r\n\r\n", "HTTP/1.1 400"},
      {"bare LF", "GET /healthz HTTP/1.1\nHost: a\n\n", "HTTP/1.1 400"},
      {"HTTP/0.9", "GET /healthz\r\n\r\n", "HTTP/1.1 400"},
      {"two Authorization headers",
       "GET /v1/orgs HTTP/1.1\r\nHost: a\r\nAuthorization: " + token + "\r\nAuthorization: " + token + "\r\n\r\n",
       "HTTP/1.1 400"},
      {"smuggling", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
       "HTTP/1.1 400"},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HTTP/1.1 505"},
  };
  for (const auto& c : cases) {
    Raw conn;
    ASSERT_TRUE(conn.connected());
    conn.send(c.bytes);
    const auto answer = conn.read();
    EXPECT_EQ(status_line(answer).rfind(c.status, 0), 0u) << c.label << ": " << answer;
    EXPECT_NE(answer.find("Content-Type: application/problem+json"), std::string::npos) << c.label << ": " << answer;
    EXPECT_EQ(answer.find("hostile-token"), std::string::npos) << c.label << " reflects the token";
    for (const char* internal : {"basic_string", "stoull", "Invalid port", "what()", "exception"})
      EXPECT_EQ(answer.find(internal), std::string::npos) << c.label << " leaks " << internal;
    EXPECT_TRUE(conn.closed_within(5s)) << c.label << ": the connection stays open";
    served();
  }
}

TEST_F(E2E, AHostileHostValueIsNeverReflected) {
  Raw conn;
  conn.send("GET /no/such/page HTTP/1.1\r\nHost: x:<script>alert(1)</script>\r\n\r\n");
  const auto answer = conn.read();
  EXPECT_EQ(status_line(answer).rfind("HTTP/1.1 404", 0), 0u) << answer;
  EXPECT_EQ(answer.find("<script>"), std::string::npos) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos);
}

TEST_F(E2E, PipelinedRequestsAreAllAnsweredInOrder) {
  Raw conn;
  conn.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /no/such/page HTTP/1.1\r\nHost: a\r\n\r\n"
            "GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n");
  const auto answers = conn.read();
  ASSERT_EQ(count(answers, "HTTP/1.1 "), 3) << answers;
  const auto first = answers.find("HTTP/1.1 200"), second = answers.find("HTTP/1.1 404"),
             third = answers.find("HTTP/1.1 200", second);
  EXPECT_LT(first, second);
  EXPECT_NE(third, std::string::npos);
  EXPECT_FALSE(conn.closed());
}

TEST_F(E2E, BytesAfterARefusedBodyAreNotReadAsRequests) {
  Raw conn;
  conn.send("POST /v1/meetings HTTP/1.1\r\nHost: a\r\nContent-Length: 300000\r\n\r\n" +
            std::string(2000, 'x') + "\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
  const auto answers = conn.read();
  EXPECT_EQ(count(answers, "HTTP/1.1 "), 1) << answers;
  EXPECT_EQ(status_line(answers).rfind("HTTP/1.1 413", 0), 0u) << answers;
  EXPECT_TRUE(conn.closed_within(5s));
}

TEST_F(E2E, ConnectionCloseAndHttp10AreHonoured) {
  {
    Raw conn;
    conn.send("GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    const auto answer = conn.read();
    EXPECT_NE(answer.find("Connection: Close"), std::string::npos) << answer;
    EXPECT_TRUE(conn.closed_within(5s));
  }
  {
    Raw conn;
    conn.send("GET /healthz HTTP/1.0\r\n\r\n");
    const auto answer = conn.read();
    EXPECT_EQ(status_line(answer).rfind("HTTP/1.0 200", 0), 0u) << answer;
    EXPECT_TRUE(conn.closed_within(5s));
  }
  {
    Raw conn;  // HTTP/1.1 stays open for the next request
    conn.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(status_line(conn.read(500ms)).rfind("HTTP/1.1 200", 0), 0u);
    conn.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(status_line(conn.read(500ms)).rfind("HTTP/1.1 200", 0), 0u);
  }
}

TEST_F(E2E, ATruncatedOrTricklingHeadIsAnswered408AndClosed) {
  Raw truncated;
  truncated.send("GET /healthz HTTP/1.1\r\nHost: a\r\n");
  Raw trickle;
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ";
  bool closed = false;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  for (std::size_t i = 0; std::chrono::steady_clock::now() < deadline && !closed; ++i) {
    trickle.send(std::string(1, i < request.size() ? request[i] : 'a'));
    const auto got = trickle.read(300ms);
    if (!got.empty()) {
      EXPECT_EQ(status_line(got).rfind("HTTP/1.1 408", 0), 0u) << got;
    }
    closed = trickle.closed();
  }
  EXPECT_TRUE(closed) << "a byte-a-moment head is never cut";
  const auto answer = truncated.read();
  EXPECT_EQ(status_line(answer).rfind("HTTP/1.1 408", 0), 0u) << answer;
  EXPECT_TRUE(truncated.closed_within(5s));
  served();
}

TEST_F(E2E, IdleConnectionsAreClosedAndDoNotLockOutANormalClient) {
  // Three times the per-client cap, all idle: the oldest give way to newcomers, a normal
  // client from the same address is served while they are held, and all are closed later.
  std::vector<std::unique_ptr<Raw>> idle;
  for (int i = 0; i < 180; ++i) idle.push_back(std::make_unique<Raw>());
  for (int i = 0; i < 5; ++i) served();
  int closed = 0;
  for (auto& c : idle) {
    if (c->closed_within(10s)) ++closed;
  }
  EXPECT_EQ(closed, 180);
  served();
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

TEST_F(E2E, TheServiceRefusesToStartWithAShortAdminToken) {
  EXPECT_THROW(testing_support::ServerProcess(world().db.url(), "short-admin-token-31-characters"), std::runtime_error);
}

}  // namespace
}  // namespace e2e
