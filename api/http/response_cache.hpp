#pragma once
// Answers kept for repeated reads, each tagged with the data generation it was computed at;
// an entry of another generation is never served. Bounded: when full, the oldest half goes.
// Thread-safe.
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace api {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_entries) : max_(max_entries) {}
  [[nodiscard]] std::optional<Response> get(const std::string& key, std::uint64_t generation);
  void put(const std::string& key, std::uint64_t generation, const Response& r);

 private:
  struct Entry {
    std::uint64_t generation;
    Response response;
    std::list<std::string>::iterator age;
  };
  std::mutex mutex_;
  std::size_t max_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> ages_;  // oldest first
};

}  // namespace api
