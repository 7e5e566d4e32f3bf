#pragma once
// One direction of SRTP/SRTCP for one leg's medium (libsrtp2, RAII).
// Suite: AES_CM_128_HMAC_SHA1_80 with a 30-byte master key||salt, as in SDES.
// Not thread-safe: the session's mutex serialises every use.
#include <cstdint>
#include <span>
#include <vector>

struct srtp_ctx_t_;

namespace media::gst {

class SrtpStream {
 public:
  enum class Direction { inbound, outbound };
  // Throws InvalidInput for a key that is not 30 bytes.
  SrtpStream(std::span<const std::uint8_t> master_key_salt, Direction direction);
  ~SrtpStream();
  SrtpStream(const SrtpStream&) = delete;
  SrtpStream& operator=(const SrtpStream&) = delete;

  // In place; false when authentication or replay checks fail (the packet must be dropped).
  bool protect(std::vector<std::uint8_t>& packet, bool rtcp);
  bool unprotect(std::vector<std::uint8_t>& packet, bool rtcp);

 private:
  srtp_ctx_t_* session_ = nullptr;
};

}  // namespace media::gst
