#pragma once
// Typed ids across the seam between the schedule and the media: a room id cannot be passed
// where a meeting id is meant, nor a leg id where a session id is. The scheduler's records
// keep plain numbers; the conductor wraps them where it reads them.
#include <compare>
#include <stdexcept>
#include <string>

namespace conductor {

template <typename Tag, typename Value>
struct Id {
  Value value{};
  Id() = default;
  explicit Id(Value v) : value(std::move(v)) {}
  auto operator<=>(const Id&) const = default;
};

using MeetingId = Id<struct MeetingTag, long long>;
using RoomId = Id<struct RoomTag, long long>;
using NodeId = Id<struct NodeTag, long long>;
using SessionId = Id<struct SessionTag, std::string>;  // the media node's name for a session
using LegId = Id<struct LegTag, std::string>;          // the media node's name for a leg

// A room travels to media as its leg's hall id (decimal text) and comes back in the leg's
// status. Text that is not a room's id throws std::invalid_argument: never room 0.
std::string hall_id_of(RoomId room);
RoomId room_of_hall(const std::string& hall_id);

}  // namespace conductor
