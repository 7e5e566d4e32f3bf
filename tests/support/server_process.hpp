#pragma once
// Runs the real `meetingd serve` binary on a free loopback port against a test database,
// waits until /healthz answers, and stops it (SIGTERM, then SIGKILL) at the end.
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace testing_support {

class ServerProcess {
 public:
  // `extra_env` adds or overrides environment variables (e.g. MEETINGD_NOW).
  ServerProcess(const std::string& database_url, const std::string& admin_token,
                const std::map<std::string, std::string>& extra_env = {},
                const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  // Sends SIGTERM and waits; returns the exit status (or -1).
  int terminate();
  void kill_hard();  // SIGKILL, no cleanup
  [[nodiscard]] const std::string& log_path() const { return log_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
};

int free_port();

}  // namespace testing_support
