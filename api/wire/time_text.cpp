#include "wire/time_text.hpp"

#include <cstdio>

namespace wire {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string format_date(sched::Date d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::optional<sched::Date> parse_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  sched::Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                   std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok() || y < 1900) return std::nullopt;
  return date;
}

std::string format_instant(sched::Instant t, const sched::TimeZone& zone) {
  const auto local = zone.to_local(t);
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(local.time_since_epoch() - t.time_since_epoch());
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const sched::Date d{day};
  const std::chrono::hh_mm_ss hms{local - day};
  const long off = offset.count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02ld:%02ld:%02ld%c%02ld:%02ld", format_date(d).c_str(),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()), off < 0 ? '-' : '+', std::labs(off) / 60, std::labs(off) % 60);
  return buf;
}

std::optional<sched::Instant> parse_instant(std::string_view s) {
  if (s.size() < 20 || s.size() > 40 || (s[10] != 'T' && s[10] != 't')) return std::nullopt;
  auto date = parse_date(s.substr(0, 10));
  int hh = 0, mm = 0, ss = 0;
  if (!date || s[13] != ':' || s[16] != ':' || !digits(s, 11, 2, hh) || !digits(s, 14, 2, mm) ||
      !digits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60)
    return std::nullopt;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {  // fractional seconds are read and dropped
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (pos + 6 > s.size() || s[pos + 3] != ':' || !digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const auto local = std::chrono::sys_days{*date} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                     std::chrono::seconds{std::min(ss, 59)};
  const auto instant =
      sched::Instant{std::chrono::floor<std::chrono::seconds>(local) - std::chrono::minutes{offset_minutes}};
  // Only instants that every offset (under a day) writes with a four-digit year from 1900:
  // the service writes them back in its own zone, and must read what it writes.
  using namespace std::chrono_literals;
  if (instant < std::chrono::sys_days{1900y / 1 / 2} || instant >= std::chrono::sys_days{9999y / 12 / 31})
    return std::nullopt;
  return instant;
}

}  // namespace wire
