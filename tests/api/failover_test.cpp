// Media nodes: a session is placed on a registered media-node process; when that node dies
// it is declared offline after failed probes, an event says so, and the session is reopened
// on another node with the halls re-admitted; nothing about the meeting is lost.
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "api_fixture.hpp"
#include "child_process.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

Answer at(int port, const std::string& method, const std::string& path, const std::string& body = "") {
  return call_at(port, method, path, kAdmin, body.empty() ? std::nullopt : std::optional<std::string>(body));
}

bool has_event(int port, const std::string& kind, const std::string& detail_part) {
  const auto ev = at(port, "GET", "/v1/events?after=0");
  for (const auto& e : ev.body.at("items"))
    if (e.at("kind") == kind && e.at("detail").get<std::string>().find(detail_part) != std::string::npos) return true;
  return false;
}

TEST_F(E2E, ASessionOnAMediaNodeThatDiesIsReopenedOnAnotherNode) {
  testing_support::TestDatabase db("failover");
  testing_support::ServerProcess server(db.url(), kAdmin, {{"MEETINGD_NOW", "2026-12-01T08:40:00+07:00"}});
  const int port = server.port();

  const int node_port = testing_support::free_port();
  pid_t node = testing_support::spawn({MEETINGD_MEDIA_NODE, "--listen", "127.0.0.1", "--port", std::to_string(node_port),
                                       "--rtp-address", "127.0.0.1", "--rtp-ports", "0-0"});
  ASSERT_TRUE(eventually([&] {
    try {
      testing_support::HttpClient c(node_port);
      return c.request("GET", "/health").status == 200;
    } catch (...) {
      return false;
    }
  }, 30s));
  auto added = at(port, "POST", "/v1/media-nodes",
                  R"({"name":"node-b","address":"127.0.0.1:)" + std::to_string(node_port) + R"(","capacity_legs":1000})");
  ASSERT_EQ(added.status, 201) << added.text;
  const long long node_b = added.body.at("id").get<long long>();
  long long embedded = 0;
  const auto nodes = at(port, "GET", "/v1/media-nodes");
  for (const auto& n : nodes.body.at("items"))
    if (n.at("id") != node_b) embedded = n.at("id").get<long long>();
  ASSERT_NE(embedded, 0);

  const auto rooms = at(port, "GET", "/v1/rooms?limit=3");
  std::vector<long long> ids;
  for (const auto& r : rooms.body.at("items")) ids.push_back(r.at("id").get<long long>());
  json body = {{"title", "Họp chuyển node"}, {"type", "other"}, {"organiser_org_id", 1},
               {"chair", {{"name", "Chủ trì"}, {"position", ""}}}, {"host_room_id", ids[0]},
               {"room_ids", {ids[1], ids[2]}}, {"start", "2026-12-01T09:00:00+07:00"},
               {"end", "2026-12-01T11:00:00+07:00"}};
  auto booked = at(port, "POST", "/v1/meetings", body.dump());
  ASSERT_EQ(booked.status, 201) << booked.text;
  const std::string murl = "/v1/meetings/" + booked.body.at("id").dump();

  // Node B has the most room: the conductor opens the session there.
  ASSERT_TRUE(eventually([&] { return has_event(port, "session_open", "on node " + std::to_string(node_b)); }, 30s))
      << at(port, "GET", "/v1/events?after=0").text;
  ASSERT_TRUE(eventually([&] {
    auto h = at(port, "GET", murl + "/health");
    return h.status == 200 && h.body.at("legs").size() == 3;
  }, 30s));

  // Node B dies: three failed probes later it is offline and the session runs on the embedded node.
  ::kill(node, SIGKILL);
  ::waitpid(node, nullptr, 0);
  ASSERT_TRUE(eventually([&] { return has_event(port, "node_offline", "node-b"); }, 60s));
  ASSERT_TRUE(eventually([&] { return has_event(port, "session_reopened", "on node " + std::to_string(embedded)); }, 60s))
      << at(port, "GET", "/v1/events?after=0").text;
  bool offline = false;
  const auto after = at(port, "GET", "/v1/media-nodes");
  for (const auto& n : after.body.at("items"))
    if (n.at("id") == node_b) offline = !n.at("online").get<bool>();
  EXPECT_TRUE(offline);
  ASSERT_TRUE(eventually([&] {
    auto h = at(port, "GET", murl + "/health");
    return h.status == 200 && h.body.at("legs").size() == 3;
  }, 30s));
  const auto meeting = at(port, "GET", murl);
  EXPECT_EQ(meeting.body.at("status"), "rehearsal");
  EXPECT_EQ(meeting.body.at("room_ids").size(), 2u);
  // Halls are re-admitted: /join answers with the new node's ports.
  const auto issued = at(port, "POST", "/v1/tokens", json{{"role", "hall"}, {"room_id", ids[1]}}.dump());
  const auto hall = issued.body.at("token").get<std::string>();
  EXPECT_EQ(call_at(port, "GET", "/v1/rooms/" + std::to_string(ids[1]) + "/join", hall).status, 200);
}

}  // namespace
}  // namespace e2e
