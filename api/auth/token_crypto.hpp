#pragma once
// Bearer-token secrets and their hashes (libsodium, linked only by api_crypto). Tokens are
// 256 random bits, so a fast keyed-free BLAKE2b hash is enough to keep them unusable if
// the database leaks; comparison happens in SQL on the hash, never on the secret.
#include <string>
#include <string_view>

namespace auth {

struct NewToken {
  std::string secret;  // shown to the caller once
  std::string hash;    // stored
};

NewToken generate_token();
std::string hash_token(std::string_view secret);
// A fresh SRTP master key and salt for AES_CM_128_HMAC_SHA1_80: 30 random bytes in
// standard base64, as SDES (RFC 4568) carries them.
std::string srtp_key();

// A digest of a request body, for Idempotency-Key comparisons.
std::string digest(std::string_view data);

}  // namespace auth
