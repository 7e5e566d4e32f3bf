#pragma once
// JSON wire formats of the control API. Strict: unknown fields and wrong types
// are InvalidInput with a message naming the field.
#include <nlohmann/json.hpp>

#include "media/node.hpp"

namespace media::control {

SessionOptions session_options_from_json(const nlohmann::json& j);
LegOptions leg_options_from_json(const nlohmann::json& j);
nlohmann::json to_json(const LegInfo& info);
nlohmann::json to_json(const SessionStats& stats);

// Helpers for small bodies: the one field of an object, with its type checked.
bool bool_field(const nlohmann::json& j, const char* name);
std::string string_field(const nlohmann::json& j, const char* name);

}  // namespace media::control
