#pragma once
// Child processes of the tests (meetingd, prometheus, gst-launch-1.0): started with extra
// environment and their output in a log file, stopped by PID (SIGTERM, then SIGKILL).
#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace testing_support {

// Starts argv[0] (looked up in PATH) with `env` added; stdout and stderr go to `log_path`
// ("/dev/null" when empty). Throws when fork fails.
pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
            const std::string& log_path = "");

// SIGTERM, waits up to `grace`, then SIGKILL. Returns the exit status, or -1 when it had to
// be killed or did not exit normally.
int stop_process(pid_t pid, std::chrono::milliseconds grace = std::chrono::seconds(10));

}  // namespace testing_support
