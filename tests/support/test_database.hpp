#pragma once
// A fresh PostgreSQL database per test program, on the server that deploy/test started
// (DATABASE_URL), dropped again at the end. Tests skip themselves when no server is set.
#include <string>

namespace testing_support {

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& suffix);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] bool available() const { return !url_.empty(); }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

// Paths of the data the service imports.
std::string source_dir();
std::string admin_units_dir();
std::string departments_file();
std::string policy_file();

}  // namespace testing_support
