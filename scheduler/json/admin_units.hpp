#pragma once
// Reads the province's administrative units from ../shared/data/admin-units (MIT-licensed
// extracts of thanglequoc/vietnamese-provinces-database; see README.md, Credits) and the
// project's own list of departments, as dated snapshots for sched::build_versions.
#include <string>
#include <vector>

#include "scheduler/org_versions.hpp"

namespace sched::json {

// The three snapshots of province `province_code` (default 51, Quảng Ngãi):
//   from 2020-02-01  province > 13 district-level units > 173 communes (GSO list of 2021)
//   from 2025-01-01  province > 13 districts > 170 communes (file as of 2025-03-01)
//   from 2025-07-01  the merged province > 96 communes, no district level
// Throws InvalidInput when a file is missing or not in the expected shape.
std::vector<Snapshot> read_admin_units(const std::string& dir, const std::string& province_code = "51");

// deploy/demo/departments.json: {"snapshots": [{"from": "YYYY-MM-DD", "units": [{"code", "name"}]}]}
// Every department's parent is `province_code`.
std::vector<Snapshot> read_departments(const std::string& path, const std::string& province_code = "51");

}  // namespace sched::json
