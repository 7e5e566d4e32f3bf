#include "scheduler/org_versions.hpp"

#include <algorithm>
#include <map>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

// The identity of a unit inside one snapshot: its own fields plus its parent's identity,
// so that a unit whose parent changed gets a new version too.
using Identities = std::map<std::string, std::string>;  // code -> identity

Identities identities_of(const Snapshot& s) {
  std::map<std::string, const UnitRecord*> by_code;
  for (const auto& u : s.units) {
    if (!by_code.emplace(u.code, &u).second)
      throw InvalidInput("admin_units", "unit code " + u.code + " appears twice in one snapshot");
  }
  Identities ids;
  // Walk up to the root; depth is tiny (province > district > commune).
  auto identity = [&](const UnitRecord& start) {
    std::string id;
    const UnitRecord* u = &start;
    for (int depth = 0; u != nullptr; ++depth) {
      if (depth > 8) throw InvalidInput("admin_units", "parent chain too deep at " + start.code);
      id += u->code + '\x1f' + u->name + '\x1f' + std::string(to_string(u->level)) + '\x1e';
      if (u->parent_code.empty()) break;
      auto p = by_code.find(u->parent_code);
      if (p == by_code.end())
        throw InvalidInput("admin_units", "unit " + u->code + " names a missing parent " + u->parent_code);
      u = p->second;
    }
    return id;
  };
  for (const auto& u : s.units) ids[u.code] = identity(u);
  return ids;
}

}  // namespace

std::vector<OrgVersion> build_versions(const std::vector<Snapshot>& snapshots) {
  std::vector<OrgVersion> done;
  std::map<std::string, std::pair<OrgVersion, std::string>> open;  // code -> (version, identity)
  std::optional<Date> previous;
  for (const auto& snap : snapshots) {
    if (previous && !(*previous < snap.from))
      throw InvalidInput("admin_units", "snapshots must be in increasing date order");
    previous = snap.from;
    const auto ids = identities_of(snap);
    // Close what ended or changed.
    for (auto it = open.begin(); it != open.end();) {
      auto now = ids.find(it->first);
      if (now == ids.end() || now->second != it->second.second) {
        it->second.first.valid_to = snap.from;
        done.push_back(std::move(it->second.first));
        it = open.erase(it);
      } else {
        ++it;
      }
    }
    // Open what is new.
    for (const auto& u : snap.units) {
      if (open.contains(u.code)) continue;
      open.emplace(u.code, std::make_pair(OrgVersion{u, snap.from, std::nullopt}, ids.at(u.code)));
    }
  }
  for (auto& [code, v] : open) done.push_back(std::move(v.first));
  std::sort(done.begin(), done.end(), [](const OrgVersion& a, const OrgVersion& b) {
    if (a.unit.level != b.unit.level) return a.unit.level < b.unit.level;
    if (a.unit.code != b.unit.code) return a.unit.code < b.unit.code;
    return a.valid_from < b.valid_from;
  });
  return done;
}

std::vector<Snapshot> combine_timelines(const std::vector<std::vector<Snapshot>>& sources) {
  std::vector<Date> dates;
  for (const auto& src : sources)
    for (const auto& s : src) dates.push_back(s.from);
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::vector<Snapshot> out;
  for (const auto& d : dates) {
    Snapshot merged{d, {}};
    for (const auto& src : sources) {
      const Snapshot* in_force = nullptr;
      for (const auto& s : src)
        if (s.from <= d && (in_force == nullptr || in_force->from < s.from)) in_force = &s;
      if (in_force != nullptr) merged.units.insert(merged.units.end(), in_force->units.begin(), in_force->units.end());
    }
    out.push_back(std::move(merged));
  }
  return out;
}

}  // namespace sched
