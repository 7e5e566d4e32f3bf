#include "routes/booking_check.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "wire/resources_json.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

using nlohmann::json;

// The database compares chairs as lower(btrim(name)); ASCII lowering is close enough for a
// warning (the booking itself is decided by the database).
std::string chair_key(const std::string& name) {
  const auto first = name.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = name.find_last_not_of(" \t\r\n");
  std::string out = name.substr(first, last - first + 1);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr std::size_t kMaxCheckedOccurrences = 60;  // one query each; a long series is checked in part
constexpr std::size_t kMaxConflicts = 50;            // enough to show; the booking reports them all

}  // namespace

Response dry_run_booking(Services& s, const auth::Principal& p, const json& body) {
  const auto draft = wire::draft_from_json(body);
  if (!p.covers_org(draft.organiser_org_id))
    throw forbidden("you may book only for your organisation and those below it");
  if (!p.covers_room(draft.host_room_id)) throw forbidden("the host room must belong to your organisation's scope");
  const auto bookings = s.booking.check(draft);

  json occurrences = json::array();
  json conflicts = json::array();
  std::size_t rooms = 0;
  for (std::size_t i = 0; i < bookings.size(); ++i) {
    const auto& d = bookings[i].draft;
    rooms = std::max(rooms, d.room_ids.size() + 1);
    occurrences.push_back({{"start", wire::format_instant(d.slot.start, s.zone)},
                           {"end", wire::format_instant(d.slot.end, s.zone)},
                           {"rooms", d.room_ids.size() + 1}});
    if (i >= kMaxCheckedOccurrences) continue;
    std::set<long long> wanted(d.room_ids.begin(), d.room_ids.end());
    wanted.insert(d.host_room_id);
    sched::MeetingFilter f;
    f.from = d.slot.start;
    f.to = d.slot.end;
    for (const auto& other : s.meetings.list(f, {500, 0}).items) {
      if (!sched::holds_slot(other.status)) continue;
      auto add = [&](long long room_id) {
        if (conflicts.size() >= kMaxConflicts) return;
        json c = {{"meeting_id", other.id}, {"title", other.draft.title},
                  {"start", wire::format_instant(other.draft.slot.start, s.zone)},
                  {"end", wire::format_instant(other.draft.slot.end, s.zone)}};
        c["room_id"] = room_id == 0 ? json(nullptr) : json(room_id);
        if (room_id == 0) c["chair"] = true;
        conflicts.push_back(c);
      };
      if (chair_key(other.draft.chair.name) == chair_key(d.chair.name)) add(0);
      std::vector<long long> taken = other.draft.room_ids;
      taken.push_back(other.draft.host_room_id);
      for (long long r : taken)
        if (wanted.contains(r)) add(r);
    }
  }
  return json_response(200, {{"dry_run", true},
                             {"ok", conflicts.empty()},
                             {"occurrences", occurrences},
                             {"rooms", rooms},
                             {"conflicts", conflicts}});
}

}  // namespace api
