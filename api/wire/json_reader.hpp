#pragma once
// Strict reading of JSON request bodies. Every problem is an HttpError 400 that names the
// field: malformed JSON, nesting too deep, a wrong type, a number out of range, a string too long or holding
// NUL, an unknown field (so typos never pass silently), a missing required field.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scheduler/time.hpp"

namespace wire {

inline constexpr std::size_t kDefaultMaxChars = 2000;  // Unicode code points, any string field

inline constexpr int kMaxDepth = 32;  // nesting of objects and arrays in a request body

// Parses a request body; it must be a JSON object nested at most kMaxDepth deep.
nlohmann::json parse_object(const std::string& body);

class ObjectReader {
 public:
  // `path` prefixes field names in messages ("agenda[2].title").
  ObjectReader(const nlohmann::json& object, std::string path, std::set<std::string> allowed);

  [[nodiscard]] bool has(const std::string& key) const;
  [[nodiscard]] std::string string(const std::string& key, std::size_t max_chars = kDefaultMaxChars) const;
  [[nodiscard]] std::optional<std::string> opt_string(const std::string& key,
                                                      std::size_t max_chars = kDefaultMaxChars) const;
  [[nodiscard]] long long id(const std::string& key) const;  // a positive integer
  [[nodiscard]] std::optional<long long> opt_id(const std::string& key) const;
  [[nodiscard]] std::optional<int> opt_int(const std::string& key, int min, int max) const;
  [[nodiscard]] bool boolean(const std::string& key, bool fallback) const;
  [[nodiscard]] sched::Instant instant(const std::string& key) const;
  [[nodiscard]] std::optional<sched::Instant> opt_instant(const std::string& key) const;
  [[nodiscard]] std::vector<long long> ids(const std::string& key, std::size_t max_items) const;
  // The array at `key` (empty when absent), each element checked to be an object.
  [[nodiscard]] std::vector<ObjectReader> objects(const std::string& key, std::size_t max_items,
                                                  const std::set<std::string>& allowed) const;
  [[nodiscard]] std::optional<ObjectReader> object(const std::string& key, const std::set<std::string>& allowed) const;
  [[nodiscard]] std::vector<std::string> strings(const std::string& key, std::size_t max_items) const;
  [[nodiscard]] std::string field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  const nlohmann::json* get(const std::string& key) const;  // nullptr when absent or null
  const nlohmann::json& object_;
  std::string path_;
};

// Text checks shared by body and query readers: valid UTF-8, no NUL, at most max_chars.
void check_text(const std::string& field, const std::string& value, std::size_t max_chars);

// A positive 64-bit id from a path or query parameter; HttpError 400 otherwise.
long long parse_id(const std::string& field, const std::string& text);

}  // namespace wire
