#include <pqxx/pqxx>

#include "pg/store.hpp"

namespace sched::pg {
namespace {

constexpr const char* kColumns = "id, meeting_id, action, room_id, argument, outcome, field, detail";

ModerationRecord moderation_from(const pqxx::row& r) {
  ModerationRecord m;
  m.id = r[0].as<long long>();
  m.meeting_id = r[1].as<long long>();
  m.action = r[2].as<std::string>();
  if (!r[3].is_null()) m.room_id = r[3].as<long long>();
  m.argument = r[4].as<std::string>();
  if (!r[5].is_null()) m.outcome = r[5].as<std::string>();
  m.field = r[6].as<std::string>();
  m.detail = r[7].as<std::string>();
  return m;
}

}  // namespace

long long Store::request_moderation(long long meeting_id, const std::string& action, std::optional<long long> room_id,
                                    const std::string& argument) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  const auto r = tx.exec_params1("INSERT INTO moderation_requests (meeting_id, action, room_id, argument) "
                                 "VALUES ($1, $2, NULLIF($3, 0), $4) RETURNING id",
                                 meeting_id, action, room_id.value_or(0), argument);
  tx.commit();
  return r[0].as<long long>();
}

std::vector<ModerationRecord> Store::pending_moderations(int max_age_seconds) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  std::vector<ModerationRecord> out;
  for (const auto& r : tx.exec_params(std::string("SELECT ") + kColumns +
                                          " FROM moderation_requests WHERE outcome IS NULL "
                                          "AND requested_at > now() - make_interval(secs => $1) ORDER BY id",
                                      max_age_seconds))
    out.push_back(moderation_from(r));
  return out;
}

void Store::answer_moderation(long long id, const std::string& outcome, const std::string& field,
                              const std::string& detail) {
  execute(pool_,
          "UPDATE moderation_requests SET outcome = $2, field = $3, detail = $4, answered_at = now() WHERE id = $1", id,
          outcome, field, detail);
}

std::optional<ModerationRecord> Store::moderation(long long id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  const auto res = tx.exec_params(std::string("SELECT ") + kColumns + " FROM moderation_requests WHERE id = $1", id);
  if (res.empty()) return std::nullopt;
  return moderation_from(res[0]);
}

}  // namespace sched::pg
