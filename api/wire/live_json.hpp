#pragma once
// JSON of running meetings: leg health (as the media unit judges it), events, attendance.
#include <nlohmann/json.hpp>

#include <vector>

#include "media/node_types.hpp"
#include "scheduler/live.hpp"

namespace wire {

// One leg: its hall (room), state, and every figure of the media issue's health.
nlohmann::json leg_json(long long room_id, const media::LegStatus& leg);
// A leg with the room it belongs to.
struct RoomLeg {
  long long room_id = 0;
  media::LegStatus leg;
};
// The session: output fps, CPU, legs sorted worst first (the legs of `stats` are given
// with their rooms, in `legs`).
nlohmann::json session_health_json(long long meeting_id, const media::SessionStats& stats,
                                   const std::vector<RoomLeg>& legs);
// What a hall's codec needs to join: address, ports and the payload formats media speaks.
nlohmann::json join_media_json(const sched::LegRecord& leg);
nlohmann::json event_json(const sched::LiveEvent& e, const sched::TimeZone& zone);

// lost < degraded < connecting < ok: the order IT staff want to read in.
int severity(const std::string& leg_state);

}  // namespace wire
