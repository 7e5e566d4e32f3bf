#include "pg/migrations.hpp"

#include <pqxx/pqxx>

#include "pg/pool.hpp"

namespace sched::pg {
namespace {
constexpr const char* kCreateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";
constexpr long long kMigrationLockKey = 0x6d656574696e67;  // "meeting"
}  // namespace

std::vector<std::string> migrate(Pool& pool, const std::vector<Migration>& migrations) {
  auto conn = pool.acquire();
  std::vector<std::string> applied;
  pqxx::work tx(*conn);
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
  tx.exec(kCreateLedger);
  for (const auto& m : migrations) {
    if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE name = $1", m.name).empty()) continue;
    tx.exec(m.sql);
    tx.exec_params("INSERT INTO schema_migrations (name) VALUES ($1)", m.name);
    applied.push_back(m.name);
  }
  tx.commit();
  return applied;
}

}  // namespace sched::pg
