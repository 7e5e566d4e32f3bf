#pragma once
// HMAC-SHA256 (libsodium, linked only by api_crypto): webhook signatures.
#include <string>
#include <string_view>

namespace auth {

// Lower-case hex of HMAC-SHA256(key, message).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace auth
