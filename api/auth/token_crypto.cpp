#include "auth/token_crypto.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace auth {
namespace {

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
};

void ensure_init() { static const SodiumInit once; }

std::string hex_blake2b(std::string_view data) {
  ensure_init();
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
  return std::string(hex.data());
}

}  // namespace

NewToken generate_token() {
  ensure_init();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 64> b64{};
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string secret = "mtd_" + std::string(b64.data());
  return {secret, hash_token(secret)};
}

std::string srtp_key() {
  ensure_init();
  std::array<unsigned char, 30> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 64> b64{};
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(), sodium_base64_VARIANT_ORIGINAL);
  return std::string(b64.data());
}

std::string hash_token(std::string_view secret) { return hex_blake2b(secret); }
std::string digest(std::string_view data) { return hex_blake2b(data); }

}  // namespace auth
