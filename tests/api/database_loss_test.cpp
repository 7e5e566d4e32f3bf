// PostgreSQL drops the service's connections (as a restart or a failover does): the next
// requests are not 500s. Reads and keyed writes are run again on a fresh connection; a write
// without a key is answered 503 with Retry-After. The dropped connections are the service's
// own (found by their application_name), so the rest of the suite is untouched.
#include <pqxx/pqxx>

#include <thread>

#include "api_fixture.hpp"

namespace e2e {
namespace {

constexpr const char* kAppName = "meetingd-connection-loss-test";

testing_support::ServerProcess& uncached_server() {
  static testing_support::ServerProcess server(world().db.url(), kAdmin,
                                               {{"MEETINGD_NOW", "2026-11-27T09:00:00+07:00"}, {"PGAPPNAME", kAppName}},
                                               {"--no-read-cache"});
  return server;
}

// Ends every PostgreSQL backend of the service; returns how many.
int drop_service_connections() {
  pqxx::connection c(world().db.url());
  pqxx::nontransaction tx(c);
  return tx.exec_params1("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
                         std::string(kAppName))[0]
      .as<int>();
}

Answer on_service(const std::string& method, const std::string& path, const std::optional<std::string>& body = std::nullopt,
                  const std::string& headers = "") {
  return call_at(uncached_server().port(), method, path, kAdmin, body, headers);
}

// Several requests at once, so that the pool holds several connections.
void warm_pool() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) threads.emplace_back([] { on_service("GET", "/v1/meetings?limit=5"); });
  for (auto& t : threads) t.join();
}

TEST_F(E2E, ReadsAfterTheDatabaseDroppedTheConnectionsAreAnsweredNot500) {
  warm_pool();
  ASSERT_GT(drop_service_connections(), 0);
  for (int i = 0; i < 10; ++i) {
    auto a = on_service("GET", "/v1/meetings?limit=1");
    EXPECT_EQ(a.status, 200) << "request " << i << ": " << a.text;
  }
}

TEST_F(E2E, AWriteWithoutAKeyOnALostConnectionIs503WithRetryAfterAndAKeyedOneIsBooked) {
  const long long province = org_id("51"), host = room_of_org(province);
  warm_pool();
  ASSERT_GT(drop_service_connections(), 0);
  const auto plain = meeting_body("2027-08-16T08:00:00+07:00", "2027-08-16T09:00:00+07:00", host, {}, "Chair Lost A", province);
  auto a = on_service("POST", "/v1/meetings", plain.dump());
  EXPECT_TRUE(a.status == 503 || a.status == 201) << a.text;
  EXPECT_NE(a.status, 500);
  if (a.status == 503) {
    EXPECT_EQ(a.raw.header("retry-after"), "2");
    EXPECT_EQ(a.text.find("terminat"), std::string::npos) << "a database message reached the client: " << a.text;
  }
  warm_pool();
  ASSERT_GT(drop_service_connections(), 0);
  const auto keyed = meeting_body("2027-08-16T10:00:00+07:00", "2027-08-16T11:00:00+07:00", host, {}, "Chair Lost B", province);
  auto b = on_service("POST", "/v1/meetings", keyed.dump(), "Idempotency-Key: lost-connection-1");
  EXPECT_EQ(b.status, 201) << b.text;
  EXPECT_EQ(on_service("GET", "/readyz").status, 200);
}

}  // namespace
}  // namespace e2e
