// The wire names of the domain's enums, in one table each, both directions.
#include <array>
#include <utility>

#include "name_table.hpp"
#include "scheduler/access.hpp"
#include "scheduler/live.hpp"
#include "scheduler/meeting.hpp"
#include "scheduler/org.hpp"
#include "scheduler/room.hpp"

namespace sched {
namespace {

using detail::name_of;
using detail::value_of;

constexpr std::array<std::pair<OrgLevel, std::string_view>, 4> kOrgLevels{{
    {OrgLevel::province, "province"},
    {OrgLevel::department, "department"},
    {OrgLevel::district, "district"},
    {OrgLevel::commune, "commune"},
}};

constexpr std::array<std::pair<DaysOffHandling, std::string_view>, 3> kDaysOffHandlings{{
    {DaysOffHandling::keep, "keep"},
    {DaysOffHandling::skip, "skip"},
    {DaysOffHandling::next_working_day, "next_working_day"},
}};

constexpr std::array<std::pair<RoomKind, std::string_view>, 2> kRoomKinds{{
    {RoomKind::rtp, "rtp"},
    {RoomKind::browser, "browser"},
}};

constexpr std::array<std::pair<MeetingType, std::string_view>, 9> kMeetingTypes{{
    {MeetingType::briefing, "briefing"},
    {MeetingType::work_resolution, "work_resolution"},
    {MeetingType::advisory, "advisory"},
    {MeetingType::coordination, "coordination"},
    {MeetingType::professional, "professional"},
    {MeetingType::thematic, "thematic"},
    {MeetingType::review, "review"},
    {MeetingType::training, "training"},
    {MeetingType::other, "other"},
}};

constexpr std::array<std::pair<MeetingStatus, std::string_view>, 6> kMeetingStatuses{{
    {MeetingStatus::scheduled, "scheduled"},
    {MeetingStatus::rehearsal, "rehearsal"},
    {MeetingStatus::live, "live"},
    {MeetingStatus::ended, "ended"},
    {MeetingStatus::postponed, "postponed"},
    {MeetingStatus::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::admin, "admin"},
    {Role::secretariat, "secretariat"},
    {Role::hall, "hall"},
    {Role::monitor, "monitor"},
}};

constexpr std::array<std::pair<NodeState, std::string_view>, 3> kNodeStates{{
    {NodeState::enabled, "enabled"},
    {NodeState::cordoned, "cordoned"},
    {NodeState::disabled, "disabled"},
}};

}  // namespace

std::string_view to_string(NodeState v) { return name_of(kNodeStates, v); }
std::optional<NodeState> node_state_from(std::string_view t) { return value_of(kNodeStates, t); }
std::string_view to_string(Role v) { return name_of(kRoles, v); }
std::optional<Role> role_from(std::string_view t) { return value_of(kRoles, t); }
std::string_view to_string(OrgLevel v) { return name_of(kOrgLevels, v); }
std::optional<OrgLevel> org_level_from(std::string_view t) { return value_of(kOrgLevels, t); }
std::string_view to_string(RoomKind v) { return name_of(kRoomKinds, v); }
std::optional<RoomKind> room_kind_from(std::string_view t) { return value_of(kRoomKinds, t); }
std::string_view to_string(MeetingType v) { return name_of(kMeetingTypes, v); }
std::optional<MeetingType> meeting_type_from(std::string_view t) { return value_of(kMeetingTypes, t); }
std::string_view to_string(MeetingStatus v) { return name_of(kMeetingStatuses, v); }
std::string_view to_string(DaysOffHandling v) { return name_of(kDaysOffHandlings, v); }
std::optional<DaysOffHandling> days_off_handling_from(std::string_view t) { return value_of(kDaysOffHandlings, t); }
std::optional<MeetingStatus> meeting_status_from(std::string_view t) { return value_of(kMeetingStatuses, t); }

bool holds_slot(MeetingStatus s) {
  return s == MeetingStatus::scheduled || s == MeetingStatus::rehearsal || s == MeetingStatus::live;
}

}  // namespace sched
