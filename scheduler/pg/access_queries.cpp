// Bearer tokens (hashes only) and remembered Idempotency-Key answers.
#include <pqxx/pqxx>

#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr const char* kTokenColumns =
    "id, role, org_id, room_id, label, created_by, extract(epoch FROM created_at)::bigint, revoked_at IS NOT NULL";

TokenRecord token_from(const pqxx::row& r) {
  TokenRecord t;
  t.id = r[0].as<long long>();
  t.role = stored_enum(role_from, "tokens.role", r[1].as<std::string>());
  if (!r[2].is_null()) t.org_id = r[2].as<long long>();
  if (!r[3].is_null()) t.room_id = r[3].as<long long>();
  t.label = r[4].as<std::string>();
  if (!r[5].is_null()) t.created_by = r[5].as<long long>();
  t.created_at = instant_from_epoch(r[6].as<long long>());
  t.revoked = r[7].as<bool>();
  return t;
}

}  // namespace

TokenRecord Store::create_token(const std::string& hash, const TokenRecord& t) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  if (t.org_id && tx.exec_params("SELECT 1 FROM orgs WHERE id = $1", *t.org_id).empty())
    throw InvalidInput("org_id", "organisation " + std::to_string(*t.org_id) + " does not exist");
  if (t.room_id && tx.exec_params("SELECT 1 FROM rooms WHERE id = $1", *t.room_id).empty())
    throw InvalidInput("room_id", "room " + std::to_string(*t.room_id) + " does not exist");
  auto r = tx.exec_params1(std::string("INSERT INTO tokens (hash, role, org_id, room_id, label, created_by) "
                                       "VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), $5, NULLIF($6, 0)) RETURNING ") +
                               kTokenColumns,
                           hash, std::string(to_string(t.role)), t.org_id.value_or(0), t.room_id.value_or(0), t.label,
                           t.created_by.value_or(0));
  auto out = token_from(r);
  tx.commit();
  return out;
}

std::optional<TokenRecord> Store::token_by_hash(const std::string& hash) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE hash = $1", hash);
  if (res.empty()) return std::nullopt;
  return token_from(res[0]);
}

std::optional<TokenRecord> Store::token(long long id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE id = $1", id);
  if (res.empty()) return std::nullopt;
  return token_from(res[0]);
}

std::vector<TokenRecord> Store::tokens() {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<TokenRecord> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY id"))
    out.push_back(token_from(r));
  return out;
}

void Store::revoke_token(long long id) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  auto res = tx.exec_params("UPDATE tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1", id);
  if (res.affected_rows() == 0) throw NotFound("token " + std::to_string(id) + " does not exist");
  tx.commit();
}

bool Store::any_admin_token() {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  return !tx.exec("SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1").empty();
}

std::optional<RememberedAnswer> remembered_answer(pqxx::transaction_base& tx, long long token_id, const std::string& key) {
  auto res = tx.exec_params(
      "SELECT request_hash, status, body, location, etag FROM idempotency_keys WHERE token_id = $1 AND key = $2",
      token_id, key);
  if (res.empty()) return std::nullopt;
  const auto& r = res[0];
  return RememberedAnswer{r[0].as<std::string>(), r[1].as<int>(), r[2].as<std::string>(), r[3].as<std::string>(),
                          r[4].as<std::string>()};
}

std::optional<RememberedAnswer> Store::remembered(long long token_id, const std::string& key) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  return remembered_answer(tx, token_id, key);
}


}  // namespace sched::pg
