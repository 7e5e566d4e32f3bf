#include "test_database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <stdexcept>

namespace testing_support {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string with_database(const std::string& url, const std::string& db) {
  const auto slash = url.rfind('/');
  if (slash == std::string::npos) throw std::runtime_error("DATABASE_URL has no database name");
  return url.substr(0, slash + 1) + db;
}

}  // namespace

TestDatabase::TestDatabase(const std::string& suffix) {
  const auto base = env("DATABASE_URL");
  if (base.empty()) return;
  admin_url_ = with_database(base, "postgres");
  name_ = "t_" + suffix + "_" + std::to_string(::getpid());
  pqxx::connection c(admin_url_);
  pqxx::nontransaction tx(c);
  tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  url_ = with_database(base, name_);
}

TestDatabase::~TestDatabase() {
  if (url_.empty()) return;
  try {
    pqxx::connection c(admin_url_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (...) {
    // Leave it; the next deploy/test recreates the server's databases anyway.
  }
}

std::string source_dir() {
  auto v = env("MEETINGD_SOURCE_DIR");
  return v.empty() ? MEETINGD_SOURCE_DIR : v;
}

std::string admin_units_dir() {
  auto v = env("MEETINGD_ADMIN_UNITS");
  return v.empty() ? source_dir() + "/../shared/data/admin-units" : v;
}

std::string departments_file() { return source_dir() + "/deploy/demo/departments.json"; }
std::string policy_file() { return source_dir() + "/scheduler/policy/decree45.json"; }

}  // namespace testing_support
