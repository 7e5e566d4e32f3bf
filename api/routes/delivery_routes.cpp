// /v1/meetings/{id}/deliveries: what became of the meeting's invitations, changes and
// reminders, per recipient (e-mail address or webhook); visible to whoever sees the meeting.
#include "routes/guard.hpp"
#include "routes/meeting_access.hpp"
#include "routes/routes.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

nlohmann::json delivery_json(const sched::DeliveryRecord& d, const sched::TimeZone& zone) {
  using nlohmann::json;
  return {{"id", d.id},
          {"event_id", "meetingd-event-" + std::to_string(d.event_id)},
          {"event", std::string(to_string(d.kind))},
          {"sequence", d.version - 1},
          {"channel", std::string(to_string(d.channel))},
          {"org_id", d.org_id ? json(*d.org_id) : json(nullptr)},
          {"room_id", d.room_id ? json(*d.room_id) : json(nullptr)},
          {"recipient", d.recipient},
          {"status", std::string(to_string(d.status))},
          {"attempts", d.attempts},
          {"retries", d.attempts > 0 ? d.attempts - 1 : 0},
          {"last_error", d.last_error.empty() ? json(nullptr) : json(d.last_error)},
          {"created_at", wire::format_instant(d.created_at, zone)},
          {"next_attempt_at", d.status == sched::DeliveryStatus::pending ? json(wire::format_instant(d.next_attempt_at, zone))
                                                                          : json(nullptr)},
          {"sent_at", d.sent_at ? json(wire::format_instant(*d.sent_at, zone)) : json(nullptr)}};
}

Response list(Request& req, Services& s) {
  auto p = authenticate(req, s);
  const auto m = visible_meeting(req, s, p);
  nlohmann::json items = nlohmann::json::array();
  if (s.deliveries)
    for (const auto& d : s.deliveries->deliveries_of(m.id)) items.push_back(delivery_json(d, s.zone));
  return json_response(200, {{"meeting_id", m.id}, {"items", items}});
}

}  // namespace

void add_delivery_routes(Router& router, Services& s) {
  router.add("GET", "/v1/meetings/{id}/deliveries", [&s](Request& r) { return list(r, s); });
}

}  // namespace api
