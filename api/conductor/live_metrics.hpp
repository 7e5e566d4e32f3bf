#pragma once
// Per-leg and per-session gauges for /metrics, from the sessions this process runs.
#include "conductor/conductor.hpp"
#include "metrics/registry.hpp"

namespace conductor {

void export_live_metrics(const Conductor& live, api::metrics::GaugeSink& sink);

}  // namespace conductor
