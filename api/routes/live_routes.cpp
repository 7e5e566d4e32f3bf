// Running meetings: halls join; IT staff read health and follow events; the organiser
// starts, ends and moderates; attendance and the province's attendance report.
#include <map>
#include <set>

#include "conductor/conductor.hpp"
#include "http/http_error.hpp"
#include "routes/guard.hpp"
#include "routes/meeting_access.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"
#include "scheduler/rules.hpp"
#include "wire/json_reader.hpp"
#include "wire/live_json.hpp"
#include "wire/resources_json.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

using nlohmann::json;
using sched::Role;

conductor::Conductor& live(Services& s) {
  if (s.live == nullptr) throw sched::Unavailable("no media unit runs in this process");
  return *s.live;
}

Response join(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::hall});
  const long long room = path_id(req);
  if (!s.rooms.find_room(room)) throw sched::NotFound("room " + std::to_string(room) + " does not exist");
  if (!p.covers_room(room)) throw forbidden("a hall joins only as its own room");
  auto info = live(s).join(conductor::RoomId(room));
  if (!info) {
    sched::MeetingFilter f;
    f.room_id = room;
    f.status = sched::MeetingStatus::scheduled;
    f.from = s.clock();
    auto next = s.meetings.list(f, {1, 0});
    if (next.items.empty()) throw sched::NotFound("no meeting is booked for this hall");
    const auto& m = next.items.front();
    throw HttpError(409, "Not open yet",
                    "the next meeting (" + std::to_string(m.id) + ") opens for this hall at " +
                        wire::format_instant(m.draft.slot.start - s.policy.rehearsal_window, s.zone));
  }
  const auto& m = info->meeting;
  const auto& leg = info->leg;
  return json_response(200, {{"meeting_id", m.id},
                             {"title", m.draft.title},
                             {"status", std::string(to_string(m.status))},
                             {"start", wire::format_instant(m.draft.slot.start, s.zone)},
                             {"end", wire::format_instant(m.draft.slot.end, s.zone)},
                             {"room_id", room},
                             {"leg_id", leg.leg_id},
                             {"media", wire::join_media_json(leg)},
                             // Where a browser hall publishes with WHIP (RFC 9725); null when
                             // this process runs no WebRTC edge.
                             {"whip_url", s.browser_legs ? json("/v1/rooms/" + std::to_string(room) + "/whip")
                                                         : json(nullptr)}});
}

Response start_or_end(Request& req, Services& s, bool start) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto m = managed_meeting(req, s, p);
  auto& l = live(s);
  const auto done = start ? l.start_now(conductor::MeetingId(m.id), p.actor()) : l.end_now(conductor::MeetingId(m.id), p.actor());
  auto r = json_response(200, wire::meeting_json(done, s.zone));
  r.headers["ETag"] = etag_of(done.version);
  return r;
}

Response meeting_health(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  const auto m = visible_meeting(req, s, p);
  auto h = live(s).health(conductor::MeetingId(m.id));
  if (!h) throw sched::NotFound("meeting " + std::to_string(m.id) + " has no running session");
  (*h)["status"] = std::string(to_string(m.status));
  return json_response(200, *h);
}

Response all_health(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  json sessions = json::array();
  for (auto status : {sched::MeetingStatus::live, sched::MeetingStatus::rehearsal}) {
    sched::MeetingFilter f;
    f.status = status;
    if (!p.is_admin()) {
      f.org_scope = p.orgs;
      f.room_scope = p.rooms;
    }
    for (const auto& m : s.meetings.list(f, {500, 0}).items)
      if (auto h = live(s).health(conductor::MeetingId(m.id))) {
        (*h)["title"] = m.draft.title;
        (*h)["status"] = std::string(to_string(m.status));
        sessions.push_back(*h);
      }
  }
  std::stable_sort(sessions.begin(), sessions.end(), [](const json& a, const json& b) {
    return wire::severity(a.at("worst_state").get<std::string>()) < wire::severity(b.at("worst_state").get<std::string>());
  });
  return json_response(200, {{"items", sessions}, {"total", sessions.size()}});
}

// Long polling (Pistache 0.0.5 cannot stream from another thread): waits up to `wait`
// seconds for events after `after`, then answers; the client asks again with the last id.
Response events(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  long long after = 0;
  if (auto v = req.query_param("after")) after = *v == "0" ? 0 : wire::parse_id("after", *v);
  int wait = 0;
  if (auto v = req.query_param("wait")) {
    if (*v != "0") wait = static_cast<int>(wire::parse_id("wait", *v));
    if (wait > 30) throw bad_request("wait must be at most 30 seconds");
  }
  std::map<long long, bool> visible;  // meeting -> in scope
  auto in_scope = [&](const sched::LiveEvent& e) {
    if (p.is_admin()) return true;
    if (e.room_id && p.covers_room(*e.room_id)) return true;
    if (!e.meeting_id) return false;
    auto it = visible.find(*e.meeting_id);
    if (it == visible.end()) {
      auto m = s.meetings.find(*e.meeting_id);
      bool ok = m && p.covers_org(m->draft.organiser_org_id);
      it = visible.emplace(*e.meeting_id, ok).first;
    }
    return it->second;
  };
  json items = json::array();
  long long last = after;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait);
  // Events outside the caller's scope do not end the wait; an empty answer (time is up, or
  // too many callers are waiting) does.
  for (;;) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto found = live(s).events(last, std::max(remaining, std::chrono::milliseconds(0)));
    for (const auto& e : found) {
      last = e.id;
      if (in_scope(e)) items.push_back(wire::event_json(e, s.zone));
    }
    if (found.empty() || !items.empty() || std::chrono::steady_clock::now() >= deadline) break;
  }
  return json_response(200, {{"items", items}, {"last_id", last}});
}

Response moderate(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"action", "room_id", "layout"});
  const auto action = conductor::moderation_from(r.string("action", 40));
  if (!action)
    throw bad_request("action must be mute, unmute, hide, show, floor, remove, layout, record_start or record_stop");
  const auto m = managed_meeting(req, s, p);
  const auto room = r.opt_id("room_id");
  live(s).moderate({conductor::MeetingId(m.id), *action,
                    room ? std::optional(conductor::RoomId(*room)) : std::nullopt,
                    r.opt_string("layout", 20).value_or("")});
  return json_response(200, {{"meeting_id", m.id}, {"action", std::string(to_string(*action))}, {"done", true}});
}

std::string csv_field(const std::string& v) {
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Response attendance(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  const auto m = visible_meeting(req, s, p);
  std::vector<long long> invited = m.draft.room_ids;
  invited.insert(invited.begin(), m.draft.host_room_id);
  std::map<long long, std::vector<sched::AttendanceInterval>> by_room;
  for (const auto& a : s.live_data.attendance(m.id)) by_room[a.room_id].push_back(a);
  const bool csv = req.query_param("format") == std::optional<std::string>("csv") ||
                   req.header("Accept").value_or("").find("text/csv") != std::string::npos;
  json rooms = json::array();
  std::string text = "room_id,room_name,joined_at,left_at,seconds\r\n";
  for (long long room_id : invited) {
    const auto room = s.rooms.find_room(room_id);
    const std::string name = room ? room->name : "";
    json list = json::array();
    long long seconds = 0;
    for (const auto& a : by_room[room_id]) {
      const auto end = a.left.value_or(s.clock());
      const long long secs = std::max<long long>(0, (end - a.joined).count());
      seconds += secs;
      list.push_back({{"joined_at", wire::format_instant(a.joined, s.zone)},
                      {"left_at", a.left ? json(wire::format_instant(*a.left, s.zone)) : json(nullptr)}});
      text += std::to_string(room_id) + "," + csv_field(name) + "," + wire::format_instant(a.joined, s.zone) + "," +
              (a.left ? wire::format_instant(*a.left, s.zone) : "") + "," + std::to_string(secs) + "\r\n";
    }
    rooms.push_back({{"room_id", room_id}, {"name", name}, {"present", !list.empty()}, {"intervals", list},
                     {"connected_seconds", seconds}});
  }
  if (csv) {
    Response r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = text;
    r.headers["Content-Disposition"] = "attachment; filename=\"attendance-" + std::to_string(m.id) + ".csv\"";
    return r;
  }
  return json_response(200, {{"meeting_id", m.id}, {"status", std::string(to_string(m.status))}, {"rooms", rooms}});
}

Response report(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  auto when = [&](const char* name) {
    auto v = req.query_param(name);
    if (!v) throw bad_request(std::string(name) + " is required");
    auto t = wire::parse_instant(*v);
    if (!t) throw bad_request(std::string(name) + " must be an RFC 3339 date-time with an offset");
    return *t;
  };
  const auto from = when("from"), to = when("to");
  if (!(from < to)) throw bad_request("from must be before to");
  std::optional<long long> org;
  if (auto v = req.query_param("org")) org = wire::parse_id("org", *v);
  if (org && !p.covers_org(*org)) throw forbidden("this organisation is outside your scope");
  json rows = json::array();
  for (const auto& r : s.live_data.attendance_report(from, to, org)) {
    if (!p.covers_org(r.org_id)) continue;
    const auto o = s.orgs.find_org(r.org_id);
    rows.push_back({{"org_id", r.org_id},
                    {"org_name", o ? o->name : ""},
                    {"meetings", r.meetings},
                    {"halls_invited", r.halls_invited},
                    {"halls_present", r.halls_present},
                    {"attendance_rate", r.halls_invited ? double(r.halls_present) / double(r.halls_invited) : 0.0}});
  }
  // Meetings in the window (organised in scope, not cancelled) whose documents came late.
  json late = json::array();
  sched::MeetingFilter f;
  f.from = from;
  f.to = to;
  f.org_id = org;
  for (sched::Page page{500, 0};; page.offset += page.limit) {
    const auto found = s.meetings.list(f, page);
    for (const auto& m : found.items) {
      if (m.status == sched::MeetingStatus::cancelled || !p.covers_org(m.draft.organiser_org_id)) continue;
      const auto docs = sched::late_documents(m.draft, s.policy, s.zone, s.booking.calendar());
      if (docs.empty()) continue;
      json items = json::array();
      for (const auto& d : docs) items.push_back(wire::late_document_json(d));
      late.push_back({{"meeting_id", m.id}, {"title", m.draft.title}, {"organiser_org_id", m.draft.organiser_org_id},
                      {"start", wire::format_instant(m.draft.slot.start, s.zone)}, {"documents", items}});
    }
    if (page.offset + page.limit >= found.total) break;
  }
  return json_response(200, {{"from", wire::format_instant(from, s.zone)}, {"to", wire::format_instant(to, s.zone)},
                             {"items", rows}, {"total", rows.size()}, {"late_documents", late}});
}

json node_json(const sched::MediaNodeRecord& n) {
  return {{"id", n.id},         {"name", n.name},     {"address", n.address}, {"capacity_legs", n.capacity_legs},
          {"state", std::string(to_string(n.state))}, {"online", n.online}, {"failures", n.failures}};
}

Response list_nodes(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::monitor});
  json items = json::array();
  for (const auto& n : s.live_data.nodes()) items.push_back(node_json(n));
  return json_response(200, {{"items", items}, {"total", items.size()}});
}

Response add_node(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"name", "address", "capacity_legs"});
  const auto name = r.string("name", 100);
  const auto address = r.string("address", 100);
  const auto capacity = r.opt_int("capacity_legs", 1, 100000).value_or(400);
  auto node = live(s).add_node(name, address, capacity);
  auto resp = json_response(201, node_json(node));
  resp.headers["Location"] = "/v1/media-nodes/" + std::to_string(node.id);
  return resp;
}

Response set_node(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin});
  const long long id = path_id(req);
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"state"});
  const auto state = sched::node_state_from(r.string("state", 20));
  if (!state) throw bad_request("state must be enabled, cordoned or disabled");
  live(s).set_node_state(conductor::NodeId(id), *state);
  for (const auto& n : s.live_data.nodes())
    if (n.id == id) return json_response(200, node_json(n));
  throw sched::NotFound("media node " + std::to_string(id) + " does not exist");
}

}  // namespace

void add_live_routes(Router& router, Services& s) {
  router.add("GET", "/v1/media-nodes", [&s](Request& r) { return list_nodes(r, s); });
  router.add("POST", "/v1/media-nodes", [&s](Request& r) { return add_node(r, s); });
  router.add("PATCH", "/v1/media-nodes/{id}", [&s](Request& r) { return set_node(r, s); });
  router.add("GET", "/v1/rooms/{id}/join", [&s](Request& r) { return join(r, s); });
  router.add("POST", "/v1/meetings/{id}/start", [&s](Request& r) { return start_or_end(r, s, true); });
  router.add("POST", "/v1/meetings/{id}/end", [&s](Request& r) { return start_or_end(r, s, false); });
  router.add("GET", "/v1/meetings/{id}/health", [&s](Request& r) { return meeting_health(r, s); });
  router.add("GET", "/v1/health", [&s](Request& r) { return all_health(r, s); });
  router.add("GET", "/v1/events", [&s](Request& r) { return events(r, s); });
  router.add("POST", "/v1/meetings/{id}/moderation", [&s](Request& r) { return moderate(r, s); });
  router.add("GET", "/v1/meetings/{id}/attendance", [&s](Request& r) { return attendance(r, s); });
  router.add("GET", "/v1/reports/meetings", [&s](Request& r) { return report(r, s); });
}

}  // namespace api
