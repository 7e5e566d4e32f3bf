// Who may do what: each role, inside and outside its scope, on each kind of route.
#include <set>

#include "api_fixture.hpp"

namespace e2e {
namespace {

struct Scopes {
  long long province = 0, district = 0, commune_in = 0, other_district = 0, commune_out = 0;
  long long room_province = 0, room_district = 0, room_commune_in = 0, room_commune_out = 0;
  long long meeting_in = 0, meeting_out = 0;  // organised inside / outside the district
  std::string secretariat, monitor, hall_in, hall_out, revoked;
};

// District 522 (Quảng Ngãi city, 2021–2025) as the caller's scope; 524 (Bình Sơn) as "elsewhere".
const Scopes& scopes() {
  static Scopes s = [] {
    Scopes x;
    x.province = org_id("51");
    x.district = org_id("522", "2021-03-11");
    x.other_district = org_id("524", "2021-03-11");
    x.commune_in = org_id("21010", "2021-03-11");
    x.commune_out = org_id("21040", "2021-03-11");
    x.room_province = room_of_org(x.province);
    x.room_district = room_of_org(x.district);
    x.room_commune_in = room_of_org(x.commune_in);
    x.room_commune_out = room_of_org(x.commune_out);
    x.secretariat = issue_token("secretariat", x.district, std::nullopt);
    x.monitor = issue_token("monitor", x.district, std::nullopt);
    x.hall_in = issue_token("hall", std::nullopt, x.room_commune_in);
    x.hall_out = issue_token("hall", std::nullopt, x.room_commune_out);
    x.revoked = issue_token("monitor", x.district, std::nullopt);
    auto list = call("GET", "/v1/tokens", kAdmin);
    const auto revoked_id = list.body.at("items").back().at("id").get<long long>();
    call("DELETE", "/v1/tokens/" + std::to_string(revoked_id), kAdmin);
    auto in = call("POST", "/v1/meetings", kAdmin,
                   meeting_body("2027-03-01T08:00:00+07:00", "2027-03-01T09:00:00+07:00", x.room_district,
                                {x.room_commune_in}, "Chair Auth In", x.district).dump());
    auto out = call("POST", "/v1/meetings", kAdmin,
                    meeting_body("2027-03-01T08:00:00+07:00", "2027-03-01T09:00:00+07:00", x.room_province,
                                 {x.room_commune_out}, "Chair Auth Out", x.province).dump());
    x.meeting_in = in.body.at("id").get<long long>();
    x.meeting_out = out.body.at("id").get<long long>();
    return x;
  }();
  return s;
}

std::string m(long long id, const std::string& tail = "") { return "/v1/meetings/" + std::to_string(id) + tail; }
std::string r(long long id, const std::string& tail = "") { return "/v1/rooms/" + std::to_string(id) + tail; }

TEST_F(E2E, RequestsWithoutAValidTokenAre401) {
  const auto& s = scopes();
  EXPECT_EQ(call("GET", "/v1/meetings", "").status, 401);
  EXPECT_EQ(call("GET", "/v1/meetings", "not-a-token").status, 401);
  EXPECT_EQ(call("GET", "/v1/orgs", s.revoked).status, 401);
  EXPECT_EQ(call("GET", m(s.meeting_in, "/invitation.ics") + "?token=wrong", "").status, 401);
}

TEST_F(E2E, EveryRoleReadsOrganisations) {
  const auto& s = scopes();
  for (const auto& t : {s.secretariat, s.monitor, s.hall_in}) EXPECT_EQ(call("GET", "/v1/orgs?limit=1", t).status, 200);
}

TEST_F(E2E, ReadingAMeetingFollowsTheScope) {
  const auto& s = scopes();
  struct Case { std::string token; long long meeting; int status; };
  for (const auto& c : std::vector<Case>{{s.secretariat, s.meeting_in, 200}, {s.secretariat, s.meeting_out, 403},
                                         {s.monitor, s.meeting_in, 200},     {s.monitor, s.meeting_out, 403},
                                         {s.hall_in, s.meeting_in, 200},     {s.hall_in, s.meeting_out, 403},
                                         {s.hall_out, s.meeting_out, 200},   {s.hall_out, s.meeting_in, 403}}) {
    EXPECT_EQ(call("GET", m(c.meeting), c.token).status, c.status) << c.token << " " << c.meeting;
    EXPECT_EQ(call("GET", m(c.meeting, "/invitation.ics"), c.token).status, c.status);
  }
}

TEST_F(E2E, ListingsShowOnlyWhatIsInScope) {
  const auto& s = scopes();
  auto ids = [](const Answer& a) {
    std::set<long long> out;
    for (const auto& i : a.body.at("items")) out.insert(i.at("id").get<long long>());
    return out;
  };
  const auto sec = ids(call("GET", "/v1/meetings?limit=500", s.secretariat));
  EXPECT_TRUE(sec.contains(s.meeting_in));
  EXPECT_FALSE(sec.contains(s.meeting_out));
  const auto hall = ids(call("GET", "/v1/meetings?limit=500", s.hall_out));
  EXPECT_TRUE(hall.contains(s.meeting_out));
  EXPECT_FALSE(hall.contains(s.meeting_in));
  auto rooms = call("GET", "/v1/rooms?limit=500", s.monitor);
  for (const auto& room : rooms.body.at("items")) EXPECT_NE(room.at("id"), s.room_province);
}

TEST_F(E2E, OnlyAdminsAndTheOrganisersSecretariatBookAndChange) {
  const auto& s = scopes();
  auto body = [&](long long organiser, long long host, const std::string& day) {
    return meeting_body(day + "T08:00:00+07:00", day + "T09:00:00+07:00", host, {}, "Chair Scope " + day, organiser).dump();
  };
  EXPECT_EQ(call("POST", "/v1/meetings", s.secretariat, body(s.district, s.room_district, "2027-03-02")).status, 201);
  EXPECT_EQ(call("POST", "/v1/meetings", s.secretariat, body(s.commune_in, s.room_commune_in, "2027-03-03")).status, 201);
  EXPECT_EQ(call("POST", "/v1/meetings", s.secretariat, body(s.province, s.room_province, "2027-03-04")).status, 403);
  EXPECT_EQ(call("POST", "/v1/meetings", s.monitor, body(s.district, s.room_district, "2027-03-05")).status, 403);
  EXPECT_EQ(call("POST", "/v1/meetings", s.hall_in, body(s.district, s.room_district, "2027-03-05")).status, 403);
  EXPECT_EQ(call("POST", m(s.meeting_out, "/postpone"), s.secretariat, R"({"reason":"x"})").status, 403);
  EXPECT_EQ(call("POST", m(s.meeting_in, "/cancel"), s.monitor, R"({"reason":"x"})").status, 403);
  EXPECT_EQ(call("PATCH", m(s.meeting_in), s.hall_in, R"({"title":"x"})", "If-Match: *").status, 403);
  EXPECT_EQ(call("PATCH", m(s.meeting_out), s.secretariat, R"({"title":"x"})", "If-Match: *").status, 403);
  EXPECT_EQ(call("PATCH", m(s.meeting_in), s.secretariat, R"({"title":"Đổi"})", "If-Match: *").status, 200);
}

TEST_F(E2E, RoomsAreManagedOnlyInsideTheScope) {
  const auto& s = scopes();
  auto create = [&](const std::string& token, long long org) {
    return call("POST", "/v1/rooms", token, json{{"org_id", org}, {"name", "Phòng họp 2"}, {"kind", "browser"}}.dump()).status;
  };
  EXPECT_EQ(create(s.secretariat, s.commune_in), 201);
  EXPECT_EQ(create(s.secretariat, s.commune_out), 403);
  EXPECT_EQ(create(s.monitor, s.commune_in), 403);
  EXPECT_EQ(create(s.hall_in, s.commune_in), 403);
  EXPECT_EQ(create(kAdmin, s.commune_out), 201);
  EXPECT_EQ(call("GET", r(s.room_commune_in), s.hall_in).status, 200);
  EXPECT_EQ(call("GET", r(s.room_commune_out), s.hall_in).status, 403);
  EXPECT_EQ(call("GET", r(s.room_commune_out), s.secretariat).status, 403);
  EXPECT_EQ(call("PATCH", r(s.room_commune_out), s.secretariat, R"({"name":"x"})").status, 403);
  EXPECT_EQ(call("POST", r(s.room_commune_out, "/deactivate"), s.secretariat).status, 403);
  EXPECT_EQ(call("GET", r(s.room_commune_in, "/calendar.ics"), s.hall_in).status, 200);
  EXPECT_EQ(call("GET", r(s.room_commune_out, "/calendar.ics"), s.hall_in).status, 403);
}

TEST_F(E2E, TokensAreIssuedOnlyWithinTheIssuersReach) {
  const auto& s = scopes();
  auto issue = [&](const std::string& by, json body) { return call("POST", "/v1/tokens", by, body.dump()).status; };
  EXPECT_EQ(issue(s.secretariat, {{"role", "hall"}, {"room_id", s.room_commune_in}}), 201);
  EXPECT_EQ(issue(s.secretariat, {{"role", "monitor"}, {"org_id", s.commune_in}}), 201);
  EXPECT_EQ(issue(s.secretariat, {{"role", "hall"}, {"room_id", s.room_commune_out}}), 403);
  EXPECT_EQ(issue(s.secretariat, {{"role", "admin"}}), 403);
  EXPECT_EQ(issue(s.secretariat, {{"role", "secretariat"}, {"org_id", s.commune_in}}), 403);
  EXPECT_EQ(issue(s.monitor, {{"role", "hall"}, {"room_id", s.room_commune_in}}), 403);
  EXPECT_EQ(issue(s.hall_in, {{"role", "hall"}, {"room_id", s.room_commune_in}}), 403);
  EXPECT_EQ(call("GET", "/v1/tokens", s.monitor).status, 403);
}

TEST_F(E2E, OverdueConclusionsAreForStaffNotHalls) {
  const auto& s = scopes();
  EXPECT_EQ(call("GET", "/v1/meetings/overdue-conclusions", kAdmin).status, 200);
  EXPECT_EQ(call("GET", "/v1/meetings/overdue-conclusions", s.secretariat).status, 200);
  EXPECT_EQ(call("GET", "/v1/meetings/overdue-conclusions", s.hall_in).status, 403);
}

}  // namespace
}  // namespace e2e
