// Selector resolution; see selectors.hpp.
#include "scheduler/selectors.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "scheduler/errors.hpp"

namespace sched {

std::vector<long long> resolve_selectors(const std::vector<Selector>& selectors,
                                         const std::vector<Org>& orgs_valid_on_date) {
  std::unordered_map<long long, const Org*> by_id;
  for (const auto& o : orgs_valid_on_date) by_id.emplace(o.id, &o);

  // True when an org with code `code` is a strict ancestor of `org`. The walk is bounded by
  // the number of orgs so that a cycle in bad data cannot loop forever.
  auto has_ancestor = [&](const Org& org, const std::string& code) {
    const Org* current = &org;
    for (std::size_t depth = 0; depth < orgs_valid_on_date.size() && current->parent_id; ++depth) {
      auto it = by_id.find(*current->parent_id);
      if (it == by_id.end()) return false;
      current = it->second;
      if (current->code == code) return true;
    }
    return false;
  };

  for (const auto& s : selectors) {
    if (!s.level && !s.under)
      throw InvalidInput("invite", "a selector needs a level, an `under` unit code, or both");
    if (s.under && std::none_of(orgs_valid_on_date.begin(), orgs_valid_on_date.end(),
                                [&](const Org& o) { return o.code == *s.under; }))
      throw InvalidInput("invite", "no unit with code " + *s.under + " exists on the meeting's date");
  }

  std::vector<long long> ids;
  for (const auto& org : orgs_valid_on_date) {
    for (const auto& s : selectors) {
      if (s.level && org.level != *s.level) continue;
      if (s.under && !has_ancestor(org, *s.under)) continue;
      ids.push_back(org.id);
      break;
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace sched
