#include "conductor/ids.hpp"

#include <charconv>

namespace conductor {

std::string hall_id_of(RoomId room) { return std::to_string(room.value); }

RoomId room_of_hall(const std::string& hall_id) {
  long long value = 0;
  const auto* end = hall_id.data() + hall_id.size();
  const auto [at, error] = std::from_chars(hall_id.data(), end, value);
  if (hall_id.empty() || error != std::errc() || at != end || value <= 0)
    throw std::invalid_argument("hall id '" + hall_id + "' is not a room's id");
  return RoomId(value);
}

}  // namespace conductor
