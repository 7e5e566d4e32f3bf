#pragma once
// Turns dated snapshots of the administrative hierarchy into versioned units.
// A unit continues from one snapshot to the next while its code, name, level and its
// parent's identity stay the same; otherwise its version ends where the next snapshot
// begins and a new version starts. Codes may be reused by a different unit later.
#include <optional>
#include <string>
#include <vector>

#include "scheduler/org.hpp"

namespace sched {

struct UnitRecord {
  std::string code;
  std::string name;
  OrgLevel level = OrgLevel::commune;
  std::string parent_code;  // empty for the top of the hierarchy
};

struct Snapshot {
  Date from;                     // the day this snapshot takes effect
  std::vector<UnitRecord> units;
};

struct OrgVersion {
  UnitRecord unit;
  Date valid_from;
  std::optional<Date> valid_to;  // exclusive
};

// Snapshots must be in increasing order of `from`; throws InvalidInput when they are not,
// when a code appears twice in one snapshot, or when a parent code is missing from its
// snapshot. The result is ordered parents before children (by level, then code, then date).
std::vector<OrgVersion> build_versions(const std::vector<Snapshot>& snapshots);

// Interleaves several timelines (e.g. territorial units and departments, which change on
// different days) into one: at each date where any source changes, the snapshot holds what
// every source has in force on that date.
std::vector<Snapshot> combine_timelines(const std::vector<std::vector<Snapshot>>& sources);

}  // namespace sched
