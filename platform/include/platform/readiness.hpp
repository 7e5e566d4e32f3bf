#pragma once
// Tells the service manager (systemd, Type=notify) where the process stands. Without a
// manager (NOTIFY_SOCKET unset) every call does nothing, so the binaries run the same by hand.
// Never throws: a manager that cannot be told is not a reason to stop serving.
#include <string>

namespace platform {

// The process accepts requests now (after its listening socket is bound).
void notify_ready(const std::string& status);
// The process has begun an orderly stop (after SIGTERM).
void notify_stopping();

}  // namespace platform
