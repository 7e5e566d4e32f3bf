#include "pg/sql_text.hpp"

#include <cstdio>
#include <pqxx/except>

#include "scheduler/errors.hpp"

namespace sched::pg {

std::string to_sql(Instant t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const Date d{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

std::string to_sql(Date d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Date date_from_sql(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (std::sscanf(s.c_str(), "%d-%u-%u", &y, &m, &d) != 3) throw InvalidInput("date", "bad date from database");
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

Instant instant_from_epoch(long long seconds) { return Instant{std::chrono::seconds{seconds}}; }

std::string id_array(const std::vector<long long>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "}";
}

std::string text_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

bool is_exclusion_violation(const pqxx::sql_error& e) { return e.sqlstate() == "23P01"; }

}  // namespace sched::pg
