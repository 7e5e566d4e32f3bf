#pragma once
// Organisations as versioned data: a unit is valid over [valid_from, valid_to) and is
// keyed by (code, valid_from), because GSO codes are reused across the 2025 reform.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

enum class OrgLevel { province, department, district, commune };

std::string_view to_string(OrgLevel level);
std::optional<OrgLevel> org_level_from(std::string_view text);

struct Org {
  long long id = 0;
  std::string code;
  std::string name;
  OrgLevel level = OrgLevel::commune;
  std::optional<long long> parent_id;
  Date valid_from{};
  std::optional<Date> valid_to;  // exclusive; empty while still valid
  std::vector<std::string> contact_emails;  // where invitations and reminders go (delivery.hpp)

  [[nodiscard]] bool valid_on(Date d) const {
    return valid_from <= d && (!valid_to || d < *valid_to);
  }
};

}  // namespace sched
