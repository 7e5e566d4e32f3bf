#pragma once
// The shared world of the end-to-end suite: one test database, one real meetingd process
// (clock fixed at 2026-11-27 09:00 +07:00 through MEETINGD_NOW), helpers to call it.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http_client.hpp"
#include "server_process.hpp"
#include "test_database.hpp"

namespace e2e {

using nlohmann::json;
inline const std::string kAdmin = "e2e-admin-token-0123456789abcdefghijklmnop";

struct World {
  testing_support::TestDatabase db{"api"};
  std::unique_ptr<testing_support::ServerProcess> server;
  World() {
    if (!db.available()) return;
    server = std::make_unique<testing_support::ServerProcess>(
        db.url(), kAdmin, std::map<std::string, std::string>{{"MEETINGD_NOW", "2026-11-27T09:00:00+07:00"}});
  }
};

World& world();

struct Answer {
  int status = 0;
  json body;  // null when the body is not JSON
  std::string text;
  testing_support::HttpResponse raw;
};

// One call to the server on `port`, on a fresh client; `body` is sent as JSON unless
// `content_type` says otherwise.
Answer call_at(int port, const std::string& method, const std::string& path, const std::string& token,
               const std::optional<std::string>& body = std::nullopt, const std::string& extra_headers = "",
               const std::string& content_type = "application/json");

// The same, to the suite's shared server.
Answer call(const std::string& method, const std::string& path, const std::string& token,
            const std::optional<std::string>& body = std::nullopt, const std::string& extra_headers = "",
            const std::string& content_type = "application/json");

std::string issue_token(const std::string& role, std::optional<long long> org_id, std::optional<long long> room_id,
                        const std::string& by = kAdmin);

// Ids from the demo data.
long long org_id(const std::string& code, const std::string& as_of = "2026-12-01");
long long room_of_org(long long org);
long long meeting_count();

// A valid booking body (type `other` unless changed), in the province's hall by default.
json meeting_body(const std::string& start, const std::string& end, long long host_room, std::vector<long long> rooms,
                  const std::string& chair, long long organiser);

// Polls `check` every 250 ms for up to `limit`; true once it holds (waits, never a timed assertion).
template <typename F>
bool eventually(F check, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return check();
}

class E2E : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!world().db.available()) GTEST_SKIP() << "DATABASE_URL is not set (deploy/test sets it)";
  }
};

}  // namespace e2e
