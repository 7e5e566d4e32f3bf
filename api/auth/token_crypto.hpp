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
// A digest of a request body, for Idempotency-Key comparisons.
std::string digest(std::string_view data);

}  // namespace auth
