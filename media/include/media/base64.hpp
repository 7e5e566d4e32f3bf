#pragma once
// RFC 4648 base64 (standard alphabet, '=' padding), as SDES carries SRTP keys.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace media {
// nullopt for anything that is not canonical base64.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);
}  // namespace media
