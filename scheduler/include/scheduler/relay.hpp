#pragma once
// A meeting relayed from an outside session (the Prime Minister's office meeting the
// provinces): where the outside bridge is, what the province sends up, and whether its own
// halls stay in the picture. The bridge's address must lie inside the operator's allow-list.
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace sched {

enum class SendUp { host, composite };  // the host hall's picture and sound, or the province's composite
enum class RelayHalls { small, hidden };  // the province's halls below the upstream picture, or not shown

struct Relay {
  std::string address;  // the outside bridge: an IPv4 or IPv6 literal
  int video_port = 0;
  int audio_port = 0;
  SendUp send_up = SendUp::host;
  RelayHalls halls = RelayHalls::small;
  bool operator==(const Relay&) const = default;
};

std::optional<SendUp> send_up_from(const std::string& text);
const char* to_string(SendUp s);
std::optional<RelayHalls> relay_halls_from(const std::string& text);
const char* to_string(RelayHalls h);

// One network in CIDR notation ("10.0.0.0/8", "2001:db8::/32"; a bare address is /32 or /128).
struct Cidr {
  bool v6 = false;
  std::array<unsigned char, 16> bytes{};  // IPv4 in the first 4
  int prefix = 0;
};

// The bytes of an IPv4 or IPv6 literal (no names, no zone ids); nullopt when it is not one.
std::optional<Cidr> parse_address(const std::string& text);
std::optional<Cidr> parse_cidr(const std::string& text);

class AddressAllowList {
 public:
  // Throws std::invalid_argument naming the first entry that is not a CIDR.
  explicit AddressAllowList(const std::vector<std::string>& cidrs);
  [[nodiscard]] bool allows(const std::string& address) const;
  [[nodiscard]] const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;
  std::vector<Cidr> networks_;
};

// The default: loopback only (an operator opens the Government's bridge explicitly).
inline const std::vector<std::string> kDefaultRelayAllow{"127.0.0.0/8", "::1/128"};

// Throws InvalidInput (field relay.…) when the relay cannot be used: an address that is not
// an IP literal or lies outside the allow-list, equal ports, a mode this version lacks.
void check_relay(const Relay& relay, const AddressAllowList& allowed);

}  // namespace sched
