#include "http/response_cache.hpp"

namespace api {

std::optional<Response> ResponseCache::get(const std::string& key, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != generation) return std::nullopt;
  return it->second.response;
}

void ResponseCache::put(const std::string& key, std::uint64_t generation, const Response& r) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    ages_.erase(it->second.age);
    entries_.erase(it);
  }
  while (entries_.size() >= max_ && !ages_.empty()) {
    entries_.erase(ages_.front());
    ages_.pop_front();
  }
  ages_.push_back(key);
  entries_.emplace(key, Entry{generation, r, std::prev(ages_.end())});
}

}  // namespace api
