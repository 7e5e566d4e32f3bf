#include "scheduler/relay.hpp"

#include <charconv>
#include <stdexcept>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

std::optional<int> number(std::string_view s, int base, int max) {
  if (s.empty() || s.size() > (base == 10 ? 3u : 4u)) return std::nullopt;
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::optional<std::array<unsigned char, 4>> parse_v4(std::string_view s) {
  const auto parts = split(s, '.');
  if (parts.size() != 4) return std::nullopt;
  std::array<unsigned char, 4> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    if (parts[i].size() > 1 && parts[i][0] == '0') return std::nullopt;  // no octal look-alikes
    const auto v = number(parts[i], 10, 255);
    if (!v) return std::nullopt;
    out[i] = static_cast<unsigned char>(*v);
  }
  return out;
}

// Groups of hex, one "::" at most, an IPv4 tail allowed ("::ffff:192.0.2.1").
std::optional<std::array<unsigned char, 16>> parse_v6(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  std::vector<int> head, tail;
  bool gap = false;
  std::string_view rest = s;
  if (const auto at = s.find("::"); at != std::string_view::npos) {
    if (s.find("::", at + 1) != std::string_view::npos) return std::nullopt;
    gap = true;
    rest = s.substr(0, at);
    const std::string_view after = s.substr(at + 2);
    auto groups = [](std::string_view part, std::vector<int>& into) {
      if (part.empty()) return true;
      const auto pieces = split(part, ':');
      for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i + 1 == pieces.size() && pieces[i].find('.') != std::string_view::npos) {
          const auto v4 = parse_v4(pieces[i]);
          if (!v4) return false;
          into.push_back((*v4)[0] << 8 | (*v4)[1]);
          into.push_back((*v4)[2] << 8 | (*v4)[3]);
          continue;
        }
        const auto v = number(pieces[i], 16, 0xffff);
        if (!v) return false;
        into.push_back(*v);
      }
      return true;
    };
    if (!groups(rest, head) || !groups(after, tail)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  } else {
    const auto pieces = split(s, ':');
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i + 1 == pieces.size() && pieces[i].find('.') != std::string_view::npos) {
        const auto v4 = parse_v4(pieces[i]);
        if (!v4) return std::nullopt;
        head.push_back((*v4)[0] << 8 | (*v4)[1]);
        head.push_back((*v4)[2] << 8 | (*v4)[3]);
        continue;
      }
      const auto v = number(pieces[i], 16, 0xffff);
      if (!v) return std::nullopt;
      head.push_back(*v);
    }
    if (head.size() != 8) return std::nullopt;
  }
  std::vector<int> all = head;
  if (gap) all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  std::array<unsigned char, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<unsigned char>(all[i] >> 8);
    out[2 * i + 1] = static_cast<unsigned char>(all[i] & 0xff);
  }
  return out;
}

bool inside(const Cidr& address, const Cidr& network) {
  if (address.v6 != network.v6) return false;
  for (int bit = 0; bit < network.prefix; ++bit) {
    const int byte = bit / 8, mask = 0x80 >> (bit % 8);
    if ((address.bytes[static_cast<std::size_t>(byte)] & mask) != (network.bytes[static_cast<std::size_t>(byte)] & mask))
      return false;
  }
  return true;
}

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it maps.
Cidr unmapped(Cidr c) {
  if (!c.v6) return c;
  for (std::size_t i = 0; i < 10; ++i)
    if (c.bytes[i] != 0) return c;
  if (c.bytes[10] != 0xff || c.bytes[11] != 0xff) return c;
  Cidr v4;
  for (std::size_t i = 0; i < 4; ++i) v4.bytes[i] = c.bytes[12 + i];
  v4.prefix = 32;
  return v4;
}

}  // namespace

std::optional<SendUp> send_up_from(const std::string& text) {
  if (text == "host") return SendUp::host;
  if (text == "composite") return SendUp::composite;
  return std::nullopt;
}
const char* to_string(SendUp s) { return s == SendUp::composite ? "composite" : "host"; }

std::optional<RelayHalls> relay_halls_from(const std::string& text) {
  if (text == "small") return RelayHalls::small;
  if (text == "hidden") return RelayHalls::hidden;
  return std::nullopt;
}
const char* to_string(RelayHalls h) { return h == RelayHalls::hidden ? "hidden" : "small"; }

std::optional<Cidr> parse_address(const std::string& text) {
  Cidr c;
  if (const auto v4 = parse_v4(text)) {
    std::copy(v4->begin(), v4->end(), c.bytes.begin());
    c.prefix = 32;
    return c;
  }
  if (const auto v6 = parse_v6(text)) {
    c.v6 = true;
    c.bytes = *v6;
    c.prefix = 128;
    return c;
  }
  return std::nullopt;
}

std::optional<Cidr> parse_cidr(const std::string& text) {
  const auto slash = text.find('/');
  auto c = parse_address(text.substr(0, slash));
  if (!c || slash == std::string::npos) return c;
  const auto prefix = number(std::string_view(text).substr(slash + 1), 10, c->v6 ? 128 : 32);
  if (!prefix) return std::nullopt;
  c->prefix = *prefix;
  return c;
}

AddressAllowList::AddressAllowList(const std::vector<std::string>& cidrs) : entries_(cidrs) {
  for (const auto& entry : cidrs) {
    const auto c = parse_cidr(entry);
    if (!c) throw std::invalid_argument("not a CIDR network: '" + entry + "'");
    networks_.push_back(*c);
  }
}

bool AddressAllowList::allows(const std::string& address) const {
  const auto a = parse_address(address);
  if (!a) return false;
  const Cidr plain = unmapped(*a);
  for (const auto& n : networks_)
    if (inside(plain, n) || inside(*a, n)) return true;
  return false;
}

void check_relay(const Relay& relay, const AddressAllowList& allowed) {
  if (!parse_address(relay.address))
    throw InvalidInput("relay.upstream.address", "the upstream address must be an IPv4 or IPv6 address");
  if (!allowed.allows(relay.address))
    throw InvalidInput("relay.upstream.address",
                       "the upstream address " + relay.address + " is not in the operator's relay allow-list");
  if (relay.video_port == relay.audio_port)
    throw InvalidInput("relay.upstream.audio_port", "the upstream's video and audio ports must differ");
  if (relay.send_up == SendUp::composite)
    throw InvalidInput("relay.send_up", "send_up 'composite' is not supported by this version; use 'host'");
}

}  // namespace sched
