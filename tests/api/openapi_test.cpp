// The OpenAPI document describes exactly the routes the server serves.
#include <set>

#include "api_fixture.hpp"
#include "http/router.hpp"
#include "json/policy_json.hpp"
#include "pg/store.hpp"
#include "routes/routes.hpp"
#include "tz/zone.hpp"

namespace e2e {
namespace {

// Every (method, path) the router holds, wired as main() wires it (on the test database).
std::set<std::pair<std::string, std::string>> served_routes() {
  sched::pg::Pool pool(world().db.url(), 1);
  sched::pg::Store store(pool);
  const auto policy = sched::load_policy_file(testing_support::policy_file());
  const auto zone = sched::make_time_zone(policy.zone);
  const sched::Clock clock = [] { return sched::Instant{}; };
  sched::BookingService booking(policy, *zone, store, store, store, {}, clock);
  struct Unchanging final : sched::ChangeCounter {
    std::uint64_t generation() const override { return 1; }
    void bump() override {}
  } changes;
  auth::PrincipalCache principals(changes);
  api::Services services{store, store, store, store, store, booking, policy, *zone, [] { return true; }, clock, principals};
  api::Router router;
  api::add_all_routes(router, services);
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& r : router.routes()) out.insert({r.method, r.pattern});
  return out;
}

TEST_F(E2E, EveryServedRouteIsDocumentedAndEveryDocumentedRouteIsServed) {
  auto doc = call("GET", "/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body.at("openapi"), "3.1.0");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc.body.at("paths").items())
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert({upper, path});
    }
  const auto served = served_routes();
  for (const auto& r : served) EXPECT_TRUE(documented.contains(r)) << "undocumented: " << r.first << " " << r.second;
  for (const auto& r : documented) EXPECT_TRUE(served.contains(r)) << "not served: " << r.first << " " << r.second;
}

}  // namespace
}  // namespace e2e
