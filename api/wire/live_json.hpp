#pragma once
// JSON of running meetings: leg health (as the media unit judges it), events, attendance.
#include <nlohmann/json.hpp>

#include "media/node.hpp"
#include "scheduler/live.hpp"

namespace wire {

// One leg: its hall (room), state, and every figure of the media issue's health.
nlohmann::json leg_json(long long room_id, const media::LegStatus& leg);
// The session: output fps, CPU, legs sorted worst first.
nlohmann::json session_health_json(long long meeting_id, const media::SessionStats& stats);
nlohmann::json event_json(const sched::LiveEvent& e, const sched::TimeZone& zone);

// lost < degraded < connecting < ok: the order IT staff want to read in.
int severity(const std::string& leg_state);

}  // namespace wire
