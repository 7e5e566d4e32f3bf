#include "server_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "http_client.hpp"
#include "signal_checks.hpp"
#include "test_database.hpp"

namespace testing_support {

int free_port() { return free_loopback_port(SOCK_STREAM); }

ServerProcess::ServerProcess(const std::string& database_url, const std::string& admin_token,
                             const std::map<std::string, std::string>& extra_env,
                             const std::vector<std::string>& extra_args) {
  port_ = free_port();
  log_ = "/tmp/meetingd-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".log";
  std::vector<std::string> args = {MEETINGD_BINARY, "serve", "--port", std::to_string(port_),
                                   "--policy", policy_file(), "--admin-units", admin_units_dir(),
                                   "--departments", departments_file(), "--demo-halls"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::map<std::string, std::string> env = extra_env;
  env.emplace("DATABASE_URL", database_url);
  env.emplace("MEETINGD_ADMIN_TOKEN", admin_token);
  pid_ = spawn(args, env, log_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("meetingd exited at start; see " + log_);
    }
    try {
      HttpClient c(port_);
      if (c.request("GET", "/healthz").status == 200) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill_hard();
  throw std::runtime_error("meetingd did not answer in time; see " + log_);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate();
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  const int status = stop_process(pid_, std::chrono::seconds(30));
  pid_ = -1;
  return status;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace testing_support
