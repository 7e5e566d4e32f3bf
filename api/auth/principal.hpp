#pragma once
// The authenticated caller and what it may reach. Scopes are computed once per request
// from the token: a secretariat or monitor reaches its organisation's subtree (across
// reforms) and the rooms of those organisations; a hall reaches its one room.
#include <algorithm>
#include <vector>

#include "scheduler/access.hpp"

namespace auth {

struct Principal {
  sched::TokenRecord token;
  std::vector<long long> orgs;   // sorted; empty for admin and hall
  std::vector<long long> rooms;  // sorted; the hall's room, or the rooms of `orgs`

  [[nodiscard]] bool is(sched::Role r) const { return token.role == r; }
  [[nodiscard]] bool is_admin() const { return is(sched::Role::admin); }
  [[nodiscard]] bool covers_org(long long id) const {
    return is_admin() || std::binary_search(orgs.begin(), orgs.end(), id);
  }
  [[nodiscard]] bool covers_room(long long id) const {
    return is_admin() || std::binary_search(rooms.begin(), rooms.end(), id);
  }
  [[nodiscard]] std::string actor() const { return "token:" + std::to_string(token.id); }
};

}  // namespace auth
