#pragma once
// A hall (conference room) of one organisation.
#include <optional>
#include <string>
#include <string_view>

namespace sched {

enum class RoomKind { rtp, browser };

std::string_view to_string(RoomKind kind);
std::optional<RoomKind> room_kind_from(std::string_view text);

struct Room {
  long long id = 0;
  long long org_id = 0;
  std::string name;
  RoomKind kind = RoomKind::rtp;
  bool active = true;
};

}  // namespace sched
