// GET /metrics speaks Prometheus: the service's own page, and Debian's real `prometheus`
// scraping the running service with the shipped scrape settings (deploy/prometheus) and
// answering a query for a metric through its HTTP API.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "api_fixture.hpp"
#include "child_process.hpp"

namespace e2e {
namespace {

namespace fs = std::filesystem;
constexpr const char* kPrometheus = "/usr/bin/prometheus";

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("deploy/prometheus/prometheus.yml lacks: " + from);
  text.replace(at, from.size(), to);
}

// One HTTP/1.0 GET on 127.0.0.1, read to the end; the body when the answer is 200, else "".
// Not HttpClient: Prometheus answers large results chunked, and HttpClient::raw half-closes
// the connection, which Go's server takes as the client leaving (it cancels the query).
std::string http10_get(int port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string raw;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string req = "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      char buf[16384];
      for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 12, "HTTP/1.0 200") != 0 || head_end == std::string::npos) return "";
  return raw.substr(head_end + 4);
}

// A real prometheus on a free loopback port with its own temporary folder; stopped
// (SIGTERM by PID, SIGKILL after 10 s) and the folder removed at the end.
class PrometheusProcess {
 public:
  explicit PrometheusProcess(int target_port) {
    // The shipped scrape settings, pointed at the test server and scraped every second.
    std::string config = read_text(fs::path(testing_support::source_dir()) / "deploy/prometheus/prometheus.yml");
    replace_once(config, "127.0.0.1:8080", "127.0.0.1:" + std::to_string(target_port));
    replace_once(config, "  scrape_interval: 5s\n  evaluation_interval: 5s", "  scrape_interval: 1s\n  evaluation_interval: 1s");
    replace_once(config, "    scrape_interval: 5s\n    scrape_timeout: 4s", "    scrape_interval: 1s\n    scrape_timeout: 1s");
    char pattern[] = "/tmp/meetingd-prometheus-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    replace_once(config, "/etc/meetingd/metrics-token", (dir_ / "metrics-token").string());
    std::ofstream(dir_ / "metrics-token") << kAdmin;
    std::ofstream(dir_ / "prometheus.yml") << config;
    port_ = testing_support::free_port();
    std::vector<std::string> args = {kPrometheus,
                                     "--config.file=" + (dir_ / "prometheus.yml").string(),
                                     "--storage.tsdb.path=" + (dir_ / "data").string(),
                                     "--web.listen-address=127.0.0.1:" + std::to_string(port_)};
    try {
      pid_ = testing_support::spawn(args, {}, log_path());
    } catch (...) {
      std::error_code ignored;
      fs::remove_all(dir_, ignored);
      throw;
    }
  }
  ~PrometheusProcess() {
    stop();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  PrometheusProcess(const PrometheusProcess&) = delete;
  PrometheusProcess& operator=(const PrometheusProcess&) = delete;

  [[nodiscard]] bool running() {
    if (pid_ <= 0) return false;
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
    return pid_ > 0;
  }
  [[nodiscard]] std::string log() const { return read_text(log_path()); }

  // GET on Prometheus's HTTP API; "" while it does not answer 200.
  [[nodiscard]] std::string get(const std::string& target) const { return http10_get(port_, target); }

 private:
  [[nodiscard]] std::string log_path() const { return (dir_ / "prometheus.log").string(); }
  void stop() {
    testing_support::stop_process(pid_);
    pid_ = -1;
  }

  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(E2E, MetricsPageCountsRequestsByRoutePatternInTheTextFormat) {
  ASSERT_EQ(call("GET", "/healthz", "").status, 200);
  ASSERT_EQ(call("GET", "/no/such/page/12345", "").status, 404);
  const std::string healthz = "meetingd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} ";
  const std::string unmatched = "route=\"unmatched\",status=\"404\"} ";
  // The server counts a request just after sending its answer: wait (bounded) for both.
  Answer page;
  for (int i = 0; i < 50; ++i) {
    page = call("GET", "/metrics", kAdmin);
    if (page.status != 200 || (page.text.find(healthz) != std::string::npos &&
                               page.text.find(unmatched) != std::string::npos))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.raw.header("content-type").rfind("text/plain", 0), 0u) << page.raw.header("content-type");
  EXPECT_NE(page.raw.header("content-type").find("version=0.0.4"), std::string::npos)
      << page.raw.header("content-type");
  EXPECT_NE(page.text.find("# TYPE meetingd_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(page.text.find(healthz), std::string::npos) << page.text;
  EXPECT_NE(page.text.find(unmatched), std::string::npos) << page.text;
  EXPECT_EQ(page.text.find("/no/such/page"), std::string::npos) << "a raw path became a label";
  EXPECT_NE(page.text.find("meetingd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"} "),
            std::string::npos);
}

TEST_F(E2E, MetricsPageNeedsAnAdminOrMonitorToken) {
  EXPECT_EQ(call("GET", "/metrics", "").status, 401);
  EXPECT_EQ(call("GET", "/metrics", issue_token("hall", std::nullopt, room_of_org(org_id("51")))).status, 403);
  EXPECT_EQ(call("GET", "/metrics", issue_token("monitor", org_id("51"), std::nullopt)).status, 200);
}

TEST_F(E2E, RealPrometheusScrapesTheServiceAndAnswersAQueryForItsRequestCount) {
  if (::access(kPrometheus, X_OK) != 0) GTEST_SKIP() << kPrometheus << " is not installed (Debian package prometheus)";
  for (int i = 0; i < 3; ++i) ASSERT_EQ(call("GET", "/healthz", "").status, 200);
  ASSERT_EQ(call("GET", "/v1/orgs?limit=1", kAdmin).status, 200);

  PrometheusProcess prometheus(world().server->port());
  json sample;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && sample.is_null()) {
    ASSERT_TRUE(prometheus.running()) << "prometheus exited:\n" << prometheus.log();
    const auto body = prometheus.get("/api/v1/query?query=meetingd_http_requests_total");
    const auto answer = json::parse(body, nullptr, false);
    if (!answer.is_discarded() && answer.value("status", "") == "success") {
      for (const auto& s : answer.at("data").at("result")) {
        ASSERT_TRUE(s.at("metric").contains("route")) << s.dump();
        if (s.at("metric").at("route") == "/healthz") sample = s;
      }
    }
    if (sample.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_FALSE(sample.is_null()) << "no sample within 60 s; prometheus log:\n" << prometheus.log();
  EXPECT_EQ(sample.at("metric").at("job"), "meetingd");
  EXPECT_EQ(sample.at("metric").at("method"), "GET");
  EXPECT_EQ(sample.at("metric").at("status"), "200");
  // [time, "value"]: at least the three calls above.
  EXPECT_GE(std::stod(sample.at("value").at(1).get<std::string>()), 3.0) << sample.dump();
}

}  // namespace
}  // namespace e2e
