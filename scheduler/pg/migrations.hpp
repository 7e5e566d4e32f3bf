#pragma once
// Versioned schema migrations: SQL files in scheduler/migrations, embedded at build time,
// applied in name order at start. Safe to re-run and to run from several processes at
// once (an advisory lock serialises them; each file is applied once, in one transaction).
#include <string>
#include <vector>

namespace sched::pg {

class Pool;

struct Migration {
  std::string name;  // e.g. "0001_organisations_rooms_meetings.sql"
  std::string sql;
};

const std::vector<Migration>& embedded_migrations();

// Applies what is missing; returns the names applied by this call (empty when up to date).
std::vector<std::string> migrate(Pool& pool, const std::vector<Migration>& migrations = embedded_migrations());

}  // namespace sched::pg
