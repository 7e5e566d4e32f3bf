#include "conductor/moderator.hpp"

#include <array>
#include <filesystem>
#include <vector>

#include "conductor/media_errors.hpp"
#include "scheduler/errors.hpp"

namespace conductor {
namespace {

constexpr std::array<std::pair<Moderation, std::string_view>, 9> kNames{{
    {Moderation::mute, "mute"},
    {Moderation::unmute, "unmute"},
    {Moderation::hide, "hide"},
    {Moderation::show, "show"},
    {Moderation::floor, "floor"},
    {Moderation::remove, "remove"},
    {Moderation::layout, "layout"},
    {Moderation::record_start, "record_start"},
    {Moderation::record_stop, "record_stop"},
}};

}  // namespace

std::optional<Moderation> moderation_from(std::string_view text) {
  for (const auto& [value, name] : kNames)
    if (name == text) return value;
  return std::nullopt;
}

std::string_view to_string(Moderation m) {
  for (const auto& [value, name] : kNames)
    if (value == m) return name;
  return "unknown";
}

void Moderator::moderate(const ModerationRequest& r) {
  const auto run = live_.session_of(r.meeting.value);
  if (!run) throw sched::InvalidTransition("the meeting's session is not running");
  std::string leg;
  if (r.room) {
    for (const auto& l : live_.legs(r.meeting.value))
      if (l.room_id == r.room->value) leg = l.leg_id;
    if (leg.empty()) throw sched::NotFound("room " + std::to_string(r.room->value) + " is not in this meeting");
  }
  const auto need_leg = [&] {
    if (leg.empty()) throw sched::InvalidInput("room_id", "this action needs room_id");
  };
  const Backend node = nodes_.backend(NodeId(run->node_id));
  const std::string& session = run->session_id;
  // The room's stored leg, then any other leg of the same hall in the session (a browser
  // hall's WHIP leg): muting or hiding a hall reaches every leg it speaks through.
  const auto hall_legs = [&] {
    need_leg();
    std::vector<std::string> legs{leg};
    const std::string hall = hall_id_of(*r.room);
    for (const auto& status : node->session_stats(session).legs)
      if (status.hall_id == hall && status.leg_id != leg) legs.push_back(status.leg_id);
    return legs;
  };
  const auto mute = [&](bool muted) {
    for (const auto& l : hall_legs()) node->set_audio_muted(session, l, muted);
  };
  const auto hide = [&](bool hidden) {
    for (const auto& l : hall_legs()) node->set_video_hidden(session, l, hidden);
  };
  media_call([&] {
    switch (r.action) {
      case Moderation::mute: mute(true); break;
      case Moderation::unmute: mute(false); break;
      case Moderation::hide: hide(true); break;
      case Moderation::show: hide(false); break;
      case Moderation::floor: node->give_floor(session, leg.empty() ? std::nullopt : std::optional(leg)); break;
      case Moderation::remove:
        need_leg();
        node->remove_leg(session, leg);
        live_.remove_leg(r.meeting.value, r.room->value);
        live_.hall_left(r.meeting.value, r.room->value, clock_());
        break;
      case Moderation::layout: {
        const auto layout = media::parse_layout(r.argument);
        if (!layout) throw sched::InvalidInput("layout", "layout must be grid, speaker or host");
        node->set_layout(session, *layout);
        break;
      }
      case Moderation::record_start: {
        std::filesystem::create_directories(recordings_dir_);
        const auto path = recordings_dir_ + "/meeting-" + std::to_string(r.meeting.value) + "-" +
                          std::to_string(clock_().time_since_epoch().count()) + ".mkv";
        node->start_recording(session, path);
        break;
      }
      case Moderation::record_stop: node->stop_recording(session); break;
    }
    return 0;
  });
  events_.add(r.meeting, r.room, "moderation",
              std::string(to_string(r.action)) + (r.argument.empty() ? "" : " " + r.argument));
}

}  // namespace conductor
