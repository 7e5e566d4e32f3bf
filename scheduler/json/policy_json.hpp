#pragma once
// Reads the policy file (scheduler/policy/decree45.json; format in scheduler/policy/README.md).
// The file is checked strictly: a missing or mistyped field, an unknown meeting type, a bad
// date or time, a year of the covered range without data all throw InvalidInput("policy",
// message) where the message names the JSON path, e.g. "policy file: rules.max_length.types.
// briefing.unit must be \"session\" or \"working_day\"".
#include <string>
#include <string_view>

#include "scheduler/policy.hpp"

namespace sched {

Policy parse_policy(std::string_view json_text);

// Throws InvalidInput("policy", ...) when the file cannot be read or is not a valid policy.
Policy load_policy_file(const std::string& path);

}  // namespace sched
