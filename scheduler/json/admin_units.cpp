#include "json/admin_units.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scheduler/errors.hpp"

namespace sched::json {
namespace {

using nlohmann::json;

json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InvalidInput("admin_units", "cannot read " + path);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InvalidInput("admin_units", path + " is not valid JSON: " + e.what());
  }
}

Date parse_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  std::istringstream in(text);
  in >> y >> dash1 >> m >> dash2 >> d;
  Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!in || dash1 != '-' || dash2 != '-' || !date.ok()) throw InvalidInput("admin_units", "bad date " + text);
  return date;
}

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) throw InvalidInput("admin_units", std::string("missing field ") + key);
  return it->get<std::string>();
}

const json& array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  if (it != j.end() && it->is_null()) return kEmpty;  // e.g. Lý Sơn: a district without communes
  if (it == j.end() || !it->is_array()) throw InvalidInput("admin_units", std::string("missing list ") + key);
  return *it;
}

// 2021 GSO list: {"province": {code, full_name}, "districts": [{code, full_name, wards: [...]}]}
Snapshot read_2021(const std::string& path) {
  const json doc = read_json(path);
  Snapshot s{ymd(2020, 2, 1), {}};
  const auto& p = doc.at("province");
  const std::string province = str(p, "code");
  s.units.push_back({province, str(p, "full_name"), OrgLevel::province, ""});
  for (const auto& d : array(doc, "districts")) {
    s.units.push_back({str(d, "code"), str(d, "full_name"), OrgLevel::district, province});
    for (const auto& w : array(d, "wards"))
      s.units.push_back({str(w, "code"), str(w, "full_name"), OrgLevel::commune, str(d, "code")});
  }
  return s;
}

// 2025-03-01: [{Code, FullName, District: [{Code, FullName, Ward: [...]}]}] for several provinces.
Snapshot read_2025_march(const std::string& path, const std::string& province) {
  const json doc = read_json(path);
  Snapshot s{ymd(2025, 1, 1), {}};
  for (const auto& p : doc) {
    if (str(p, "Code") != province) continue;
    s.units.push_back({province, str(p, "FullName"), OrgLevel::province, ""});
    for (const auto& d : array(p, "District")) {
      s.units.push_back({str(d, "Code"), str(d, "FullName"), OrgLevel::district, province});
      for (const auto& w : array(d, "Ward"))
        s.units.push_back({str(w, "Code"), str(w, "FullName"), OrgLevel::commune, str(d, "Code")});
    }
  }
  if (s.units.empty()) throw InvalidInput("admin_units", "province " + province + " not in " + path);
  return s;
}

// After 2025-07-01: [{Type: province, Code, FullName, Wards: [{Code, FullName}]}], two tiers.
Snapshot read_after_reform(const std::string& path, const std::string& province) {
  const json doc = read_json(path);
  Snapshot s{ymd(2025, 7, 1), {}};
  for (const auto& p : doc) {
    if (str(p, "Code") != province) continue;
    s.units.push_back({province, str(p, "FullName"), OrgLevel::province, ""});
    for (const auto& w : array(p, "Wards"))
      s.units.push_back({str(w, "Code"), str(w, "FullName"), OrgLevel::commune, province});
  }
  if (s.units.empty()) throw InvalidInput("admin_units", "province " + province + " not in " + path);
  return s;
}

}  // namespace

std::vector<Snapshot> read_admin_units(const std::string& dir, const std::string& province_code) {
  try {
    return {read_2021(dir + "/QuangNgai51_asof_2021-11-01_extract.json"),
            read_2025_march(dir + "/QuangNgai51_KonTum62_asof_2025-03-01_extract.json", province_code),
            read_after_reform(dir + "/QuangNgai51_post2025_extract.json", province_code)};
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput("admin_units", std::string("unexpected shape in ") + dir + ": " + e.what());
  }
}

std::vector<Snapshot> read_departments(const std::string& path, const std::string& province_code) {
  const json doc = read_json(path);
  std::vector<Snapshot> out;
  try {
    for (const auto& s : array(doc, "snapshots")) {
      Snapshot snap{parse_date(str(s, "from")), {}};
      for (const auto& u : array(s, "units"))
        snap.units.push_back({str(u, "code"), str(u, "name"), OrgLevel::department, province_code});
      out.push_back(std::move(snap));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput("departments", path + ": " + e.what());
  }
  return out;
}

}  // namespace sched::json
