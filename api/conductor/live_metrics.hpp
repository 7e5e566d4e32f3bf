#pragma once
// Per-leg and per-session gauges for /metrics, from the sessions this process runs.
#include "app/live_service.hpp"
#include "metrics/registry.hpp"

namespace app {

void export_live_metrics(LiveService& live, api::metrics::GaugeSink& sink);

}  // namespace app
