#include "platform/readiness.hpp"

#include <systemd/sd-daemon.h>

namespace platform {

void notify_ready(const std::string& status) {
  const std::string message = "READY=1\nSTATUS=" + status;
  (void)sd_notify(0, message.c_str());
}

void notify_stopping() { (void)sd_notify(0, "STOPPING=1"); }

}  // namespace platform
