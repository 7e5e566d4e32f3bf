#pragma once
// Principals by token hash, kept while no data changes (ChangeCounter): a revoked token or
// a moved organisation changes the generation, so a stale principal is never used.
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/principal.hpp"
#include "scheduler/repositories.hpp"

namespace auth {

class PrincipalCache {
 public:
  explicit PrincipalCache(sched::ChangeCounter& changes, std::size_t max_entries = 10000)
      : changes_(changes), max_(max_entries) {}

  [[nodiscard]] std::uint64_t generation() const { return changes_.generation(); }
  [[nodiscard]] std::optional<Principal> get(const std::string& token_hash, std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token_hash);
    if (it == entries_.end() || it->second.first != generation) return std::nullopt;
    return it->second.second;
  }
  void put(const std::string& token_hash, std::uint64_t generation, const Principal& p) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_) entries_.clear();
    entries_[token_hash] = {generation, p};
  }

 private:
  sched::ChangeCounter& changes_;
  std::size_t max_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<std::uint64_t, Principal>> entries_;
};

}  // namespace auth
