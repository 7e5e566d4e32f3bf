#pragma once
// A media-node child process (MEDIA_NODE_PATH) with the given flags; its stdout is read line
// by line; killed at the end unless stopped or exited before.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace media::test_support {

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
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  std::string line() {
    char buffer[256] = {};
    return std::fgets(buffer, sizeof buffer, stdout_) ? buffer : "";
  }
  // "host:port" from the first line, "media-node: listening on 127.0.0.1:PORT"; empty if none.
  std::string listening_address() {
    std::string banner = line();
    if (banner.empty()) return "";
    std::string address = banner.substr(banner.rfind(' ') + 1);
    while (!address.empty() && (address.back() == '\n' || address.back() == '\r')) address.pop_back();
    return address;
  }
  int stop() {  // SIGTERM, then the exit status
    ::kill(pid_, SIGTERM);
    return wait_exit();
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

}  // namespace media::test_support
