#pragma once
// Conversions between domain values and the text PostgreSQL reads and writes. libpqxx 6.4
// has no std::optional parameters: optional values travel as '' and SQL turns them into
// NULL with NULLIF.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scheduler/time.hpp"

namespace pqxx { class sql_error; }

namespace sched::pg {

std::string to_sql(Instant t);              // "2026-12-01T01:00:00Z"
std::string to_sql(Date d);                 // "2026-12-01"
Date date_from_sql(const std::string& s);   // "2026-12-01"
Instant instant_from_epoch(long long seconds);
std::string id_array(const std::vector<long long>& ids);   // "{1,2,3}"
std::string text_array(const std::vector<std::string>& v); // "{"a","b"}", quoted and escaped

// A stored row this build cannot read (an enum value it does not know, written by a newer
// version or by hand). Loading fails loudly rather than guessing a default: a meeting of an
// unknown type read as "other" would escape every rule.
class UnreadableRow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The enum that `parse` reads from a stored `column`'s text; throws UnreadableRow when the
// text names no value (`parse` returns nullopt).
template <typename Parse>
auto stored_enum(Parse parse, const char* column, const std::string& text) {
  auto value = parse(text);
  if (!value) throw UnreadableRow(std::string("stored ") + column + " '" + text + "' is not one this version knows");
  return *value;
}

// SQLSTATE 23P01: an exclusion constraint refused the row (libpqxx 6.4 reports it as a
// generic integrity_constraint_violation).
bool is_exclusion_violation(const pqxx::sql_error& e);

}  // namespace sched::pg
