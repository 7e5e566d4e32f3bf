// Organisations: versioned import and as-of queries.
#include <pqxx/pqxx>

#include "pg/sql_text.hpp"
#include "pg/store.hpp"
#include "scheduler/errors.hpp"

namespace sched::pg {
namespace {

constexpr const char* kOrgColumns = "o.id, o.code, o.name, o.level, o.parent_id, o.valid_from::text, o.valid_to::text, o.contact_emails";
constexpr const char* kValidOn = "(o.valid_from <= $1::date AND (o.valid_to IS NULL OR $1::date < o.valid_to))";

Org org_from(const pqxx::row& r) {
  Org o;
  o.id = r[0].as<long long>();
  o.code = r[1].as<std::string>();
  o.name = r[2].as<std::string>();
  o.level = stored_enum(org_level_from, "orgs.level", r[3].as<std::string>());
  if (!r[4].is_null()) o.parent_id = r[4].as<long long>();
  o.valid_from = date_from_sql(r[5].as<std::string>());
  if (!r[6].is_null()) o.valid_to = date_from_sql(r[6].as<std::string>());
  auto addresses = r[7].as_array();
  for (auto e = addresses.get_next(); e.first != pqxx::array_parser::done; e = addresses.get_next())
    if (e.first == pqxx::array_parser::string_value) o.contact_emails.push_back(e.second);
  return o;
}

std::vector<Org> orgs_from(const pqxx::result& res) {
  std::vector<Org> out;
  out.reserve(res.size());
  for (const auto& r : res) out.push_back(org_from(r));
  return out;
}

}  // namespace

ImportResult Store::import_orgs(const std::vector<OrgVersion>& versions) {
  auto conn = pool_.acquire();
  pqxx::work tx(*conn);
  // Versions arrive parents first; a child's parent is the parent version valid on the
  // child's first day.
  for (const auto& v : versions) {
    tx.exec_params(
        "INSERT INTO orgs (code, name, level, parent_id, valid_from, valid_to) "
        "VALUES ($1, $2, $3, (SELECT p.id FROM orgs p WHERE p.code = NULLIF($4, '') "
        "  AND p.valid_from <= $5::date AND (p.valid_to IS NULL OR $5::date < p.valid_to)), "
        "  $5::date, NULLIF($6, '')::date) "
        "ON CONFLICT (code, valid_from) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, "
        "  parent_id = EXCLUDED.parent_id, valid_to = EXCLUDED.valid_to",
        v.unit.code, v.unit.name, std::string(to_string(v.unit.level)), v.unit.parent_code, to_sql(v.valid_from),
        v.valid_to ? to_sql(*v.valid_to) : std::string());
  }
  tx.commit();
  return {versions.size()};
}

std::optional<Org> Store::find_org(long long id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(std::string("SELECT ") + kOrgColumns + " FROM orgs o WHERE o.id = $1", id);
  if (res.empty()) return std::nullopt;
  return org_from(res[0]);
}

std::vector<Org> Store::orgs_valid_on(Date day) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  return orgs_from(tx.exec_params(
      std::string("SELECT ") + kOrgColumns + " FROM orgs o WHERE " + kValidOn + " ORDER BY o.id", to_sql(day)));
}

PageOf<Org> Store::list_orgs(const OrgFilter& f, Page p) {
  auto conn = pool_.acquire();
  pqxx::read_transaction tx(*conn);
  const std::string where =
      " FROM orgs o WHERE ($1 = '' OR o.level = $1) AND ($2 = 0 OR o.parent_id = $2) AND "
      "($3 = '' OR (o.valid_from <= NULLIF($3, '')::date AND "
      "(o.valid_to IS NULL OR NULLIF($3, '')::date < o.valid_to)))";
  const std::string level = f.level ? std::string(to_string(*f.level)) : std::string();
  const long long parent = f.parent_id.value_or(0);
  const std::string as_of = f.as_of ? to_sql(*f.as_of) : std::string();
  PageOf<Org> page;
  page.total = tx.exec_params1("SELECT count(*)" + where, level, parent, as_of)[0].as<long long>();
  page.items = orgs_from(tx.exec_params(std::string("SELECT ") + kOrgColumns + where +
                                            " ORDER BY o.level <> 'province', o.code, o.valid_from LIMIT $4 OFFSET $5",
                                        level, parent, as_of, p.limit, p.offset));
  return page;
}

std::vector<Org> Store::children(long long id, Date day) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  return orgs_from(tx.exec_params(std::string("SELECT ") + kOrgColumns + " FROM orgs o WHERE o.parent_id = $2 AND " +
                                      kValidOn + " ORDER BY o.code",
                                  to_sql(day), id));
}

std::vector<Org> Store::subtree(long long id, Date day) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  return orgs_from(tx.exec_params(
      std::string("WITH RECURSIVE t AS (SELECT id FROM orgs WHERE id = $2 UNION "
                  "SELECT c.id FROM orgs c JOIN t ON c.parent_id = t.id) SELECT ") +
          kOrgColumns + " FROM orgs o JOIN t ON o.id = t.id WHERE o.id <> $2 AND " + kValidOn +
          " ORDER BY o.level, o.code",
      to_sql(day), id));
}

std::vector<long long> Store::subtree_ids_any_date(long long id) {
  auto conn = pool_.acquire();
  pqxx::nontransaction tx(*conn);
  auto res = tx.exec_params(
      "WITH RECURSIVE t AS (SELECT id FROM orgs WHERE id = $1 UNION "
      "SELECT c.id FROM orgs c JOIN t ON c.parent_id = t.id) SELECT id FROM t ORDER BY id",
      id);
  std::vector<long long> ids;
  for (const auto& r : res) ids.push_back(r[0].as<long long>());
  return ids;
}

}  // namespace sched::pg
