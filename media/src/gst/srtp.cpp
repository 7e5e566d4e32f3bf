#include "srtp.hpp"

#include <srtp2/srtp.h>

#include <cstring>
#include <mutex>

#include "media/node.hpp"

namespace media::gst {
namespace {
constexpr std::size_t kKeySaltBytes = 30;

}  // namespace

SrtpStream::SrtpStream(std::span<const std::uint8_t> key, Direction direction) {
  static std::once_flag once;
  std::call_once(once, [] { srtp_init(); });
  if (key.size() != kKeySaltBytes) throw InvalidInput("an SRTP key must be 30 bytes (key||salt) in base64");
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof policy);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  policy.ssrc.type = direction == Direction::inbound ? ssrc_any_inbound : ssrc_any_outbound;
  std::uint8_t material[kKeySaltBytes];
  std::memcpy(material, key.data(), kKeySaltBytes);
  policy.key = material;
  policy.window_size = 1024;
  policy.allow_repeat_tx = 1;  // the same shared packet may be protected again after a loop
  policy.next = nullptr;
  if (srtp_create(&session_, &policy) != srtp_err_status_ok) throw Unavailable("SRTP session could not be created");
}

SrtpStream::~SrtpStream() {
  if (session_) srtp_dealloc(session_);
}

bool SrtpStream::protect(std::vector<std::uint8_t>& packet, bool rtcp) {
  int length = static_cast<int>(packet.size());
  packet.resize(packet.size() + SRTP_MAX_TRAILER_LEN);
  const auto status = rtcp ? srtp_protect_rtcp(session_, packet.data(), &length)
                           : srtp_protect(session_, packet.data(), &length);
  packet.resize(status == srtp_err_status_ok ? static_cast<std::size_t>(length) : 0);

  return status == srtp_err_status_ok;
}

bool SrtpStream::unprotect(std::vector<std::uint8_t>& packet, bool rtcp) {
  int length = static_cast<int>(packet.size());
  const auto status = rtcp ? srtp_unprotect_rtcp(session_, packet.data(), &length)
                           : srtp_unprotect(session_, packet.data(), &length);
  if (status != srtp_err_status_ok) return false;
  packet.resize(static_cast<std::size_t>(length));
  return true;
}

}  // namespace media::gst
