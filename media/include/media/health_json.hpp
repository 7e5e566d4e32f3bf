#pragma once
// A stream's counters and judged health as JSON, written in this one place for both of its
// readers: media-node's control API (control_codec.hpp reads it back) and the service's leg
// health (GET /v1/meetings/{id}/health). Counters travel as packet and byte counts only.
#include <nlohmann/json.hpp>

#include "media/health.hpp"

namespace media::control {

nlohmann::json to_json(const StreamCounters& counters, const StreamHealth& health);

}  // namespace media::control
