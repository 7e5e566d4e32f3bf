// The scope rule on every write path, as one table: each role inside and outside its scope
// against each action on a meeting. Every row books a fresh meeting (as the admin), runs the
// action as the caller, checks the status, and checks that a refused action changed nothing.
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "api_fixture.hpp"

namespace e2e {
namespace {

enum class Actor { admin, secretariat_in, secretariat_out, monitor_in, hall_in };
enum class Placed { own_hall, province_hall };  // where the admin placed the district's meeting

const char* name(Actor a) {
  switch (a) {
    case Actor::admin: return "admin";
    case Actor::secretariat_in: return "secretariat of the organiser";
    case Actor::secretariat_out: return "secretariat of another district";
    case Actor::monitor_in: return "monitor of the organiser";
    case Actor::hall_in: return "an invited hall";
  }
  return "?";
}

struct World2 {
  long long district = 0, other_district = 0, province = 0;
  long long room_district = 0, room_commune_in = 0, room_commune_out = 0, room_province = 0;
  std::map<Actor, std::string> tokens;
};

const World2& scope_world() {
  static World2 w = [] {
    World2 x;
    x.province = org_id("51");
    x.district = org_id("522", "2021-03-11");
    x.other_district = org_id("524", "2021-03-11");
    x.room_province = room_of_org(x.province);
    x.room_district = room_of_org(x.district);
    x.room_commune_in = room_of_org(org_id("21010", "2021-03-11"));
    x.room_commune_out = room_of_org(org_id("21040", "2021-03-11"));
    x.tokens[Actor::admin] = kAdmin;
    x.tokens[Actor::secretariat_in] = issue_token("secretariat", x.district, std::nullopt);
    x.tokens[Actor::secretariat_out] = issue_token("secretariat", x.other_district, std::nullopt);
    x.tokens[Actor::monitor_in] = issue_token("monitor", x.district, std::nullopt);
    x.tokens[Actor::hall_in] = issue_token("hall", std::nullopt, x.room_commune_in);
    return x;
  }();
  return w;
}

struct Action {
  std::string label;
  std::function<Answer(const std::string& token, long long meeting)> run;
};

std::string path(long long id, const std::string& tail = "") { return "/v1/meetings/" + std::to_string(id) + tail; }

Answer patch(const std::string& token, long long id, const json& body) {
  return call("PATCH", path(id), token, body.dump(), "If-Match: *");
}

std::vector<Action> actions() {
  const auto& w = scope_world();
  return {
      {"read", [](const std::string& t, long long id) { return call("GET", path(id), t); }},
      {"change the title", [](const std::string& t, long long id) { return patch(t, id, {{"title", "Đổi tên"}}); }},
      {"move to another district's hall",
       [&w](const std::string& t, long long id) { return patch(t, id, {{"host_room_id", w.room_commune_out}}); }},
      {"move to the province's hall",
       [&w](const std::string& t, long long id) { return patch(t, id, {{"host_room_id", w.room_province}}); }},
      {"hand the meeting to the province",
       [&w](const std::string& t, long long id) { return patch(t, id, {{"organiser_org_id", w.province}}); }},
      {"cancel", [](const std::string& t, long long id) { return call("POST", path(id, "/cancel"), t, R"({"reason":"x"})"); }},
      {"postpone",
       [](const std::string& t, long long id) { return call("POST", path(id, "/postpone"), t, R"({"reason":"x"})"); }},
      {"start", [](const std::string& t, long long id) { return call("POST", path(id, "/start"), t); }},
      {"end", [](const std::string& t, long long id) { return call("POST", path(id, "/end"), t); }},
      {"moderate",
       [&w](const std::string& t, long long id) {
         return call("POST", path(id, "/moderation"), t, json{{"action", "mute"}, {"room_id", w.room_commune_in}}.dump());
       }},
      {"record the conclusion",
       [](const std::string& t, long long id) {
         return call("POST", path(id, "/conclusion"), t, R"({"sent_at":"2027-07-30T08:00:00+07:00"})");
       }},
  };
}

// What each caller gets: 403 where the scope rule refuses; otherwise the action's own answer
// (the organiser may start early; ending a meeting that is not live: 409; moderating a
// meeting without a running session: 404 or 409).
struct Row {
  Actor actor;
  Placed placed;
  std::string action;
  std::set<int> expected;
};

std::vector<Row> table() {
  std::vector<Row> rows;
  const std::set<int> refused{403};
  const std::map<std::string, std::set<int>> allowed = {
      {"read", {200}},       {"change the title", {200}},
      {"move to another district's hall", {200}},
      {"move to the province's hall", {200}},
      {"hand the meeting to the province", {200}},
      {"cancel", {200}},     {"postpone", {200}},
      {"start", {200}},      {"end", {409}},
      {"moderate", {404, 409}},
      {"record the conclusion", {200}},
  };
  for (auto placed : {Placed::own_hall, Placed::province_hall})
    for (const auto& [action, ok] : allowed) {
      rows.push_back({Actor::admin, placed, action, ok});
      // The organiser's secretariat manages its meeting but never reaches outside its scope.
      const bool escapes = action == "move to another district's hall" || action == "move to the province's hall" ||
                           action == "hand the meeting to the province";
      const bool kept_province_hall = placed == Placed::province_hall && action == "move to the province's hall";
      rows.push_back({Actor::secretariat_in, placed, action, escapes && !kept_province_hall ? refused : ok});
      rows.push_back({Actor::secretariat_out, placed, action, refused});
      rows.push_back({Actor::monitor_in, placed, action, action == "read" ? ok : refused});
      rows.push_back({Actor::hall_in, placed, action, action == "read" ? ok : refused});
    }
  return rows;
}

TEST_F(E2E, EveryWritePathKeepsTheCallerInsideItsScope) {
  const auto& w = scope_world();
  std::map<std::string, Action> by_label;
  for (auto& a : actions()) by_label.emplace(a.label, a);
  // One working hour per row, on the weekdays from June 2027.
  std::vector<std::pair<std::string, int>> slots;
  for (std::chrono::sys_days d = std::chrono::year{2027} / std::chrono::June / 1; slots.size() < table().size(); d += std::chrono::days{1}) {
    const std::chrono::weekday wd{d};
    if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) continue;
    const std::chrono::year_month_day ymd{d};
    char day[16];
    std::snprintf(day, sizeof day, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    for (int hour : {8, 9, 10, 14, 15}) slots.emplace_back(day, hour);
  }
  int slot = 0;
  for (const auto& row : table()) {
    const auto& [day, hour] = slots.at(static_cast<std::size_t>(slot++));
    char start[40], end[40];
    std::snprintf(start, sizeof start, "%sT%02d:00:00+07:00", day.c_str(), hour);
    std::snprintf(end, sizeof end, "%sT%02d:45:00+07:00", day.c_str(), hour);
    const long long host = row.placed == Placed::own_hall ? w.room_district : w.room_province;
    auto booked = call("POST", "/v1/meetings", kAdmin,
                       meeting_body(start, end, host, {w.room_commune_in}, "Chair Matrix " + std::to_string(slot), w.district)
                           .dump());
    ASSERT_EQ(booked.status, 201) << booked.text;
    const long long id = booked.body.at("id").get<long long>();
    const auto before = call("GET", path(id), kAdmin).body;
    const auto answer = by_label.at(row.action).run(w.tokens.at(row.actor), id);
    const std::string where = row.placed == Placed::own_hall ? " (meeting in its own hall)" : " (meeting in the province's hall)";
    EXPECT_TRUE(row.expected.contains(answer.status))
        << name(row.actor) << " / " << row.action << where << ": got " << answer.status << " " << answer.text;
    if (row.expected == std::set<int>{403}) {
      EXPECT_EQ(call("GET", path(id), kAdmin).body, before) << name(row.actor) << " / " << row.action << " changed it";
    }
    if (call("GET", path(id), kAdmin).body.at("status") == "live") call("POST", path(id, "/end"), kAdmin);
  }
}

TEST_F(E2E, ASecretariatCannotReserveAnotherOrganisationsHallThroughAChange) {
  const auto& w = scope_world();
  const auto& token = w.tokens.at(Actor::secretariat_in);
  auto booked = call("POST", "/v1/meetings", token,
                     meeting_body("2027-07-05T08:00:00+07:00", "2027-07-05T09:00:00+07:00", w.room_district, {},
                                  "Chair Escape", w.district)
                         .dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const long long id = booked.body.at("id").get<long long>();
  EXPECT_EQ(patch(token, id, {{"host_room_id", w.room_province}}).status, 403);
  EXPECT_EQ(patch(token, id, {{"host_room_id", w.room_commune_out}}).status, 403);
  // The other halls stay free: nothing of this meeting shows in their calendars.
  auto listed = call("GET", "/v1/meetings?room=" + std::to_string(w.room_province) +
                                "&from=2027-07-05T00:00:00%2B07:00&to=2027-07-06T00:00:00%2B07:00",
                     kAdmin);
  for (const auto& m : listed.body.at("items")) EXPECT_NE(m.at("id").get<long long>(), id);
  EXPECT_EQ(call("GET", path(id), kAdmin).body.at("host_room_id").get<long long>(), w.room_district);
}

}  // namespace
}  // namespace e2e
