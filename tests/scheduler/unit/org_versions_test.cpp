// Dated snapshots of the hierarchy become versioned units (pure; no database).
#include <gtest/gtest.h>

#include "scheduler/errors.hpp"
#include "scheduler/org_versions.hpp"

namespace {

using sched::OrgLevel;

sched::Date d(int y, unsigned m, unsigned day) {
  return sched::Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{day}};
}

const sched::OrgVersion* find(const std::vector<sched::OrgVersion>& v, const std::string& code, sched::Date from) {
  for (const auto& x : v)
    if (x.unit.code == code && x.valid_from == from) return &x;
  return nullptr;
}

TEST(OrgVersions, AnUnchangedUnitContinuesAcrossSnapshots) {
  const auto v = sched::build_versions({{d(2020, 2, 1), {{"51", "Tỉnh", OrgLevel::province, ""}}},
                                        {d(2025, 7, 1), {{"51", "Tỉnh", OrgLevel::province, ""}}}});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_FALSE(v[0].valid_to.has_value());
}

TEST(OrgVersions, AReusedCodeStartsANewVersionAndEndsTheOld) {
  const auto v = sched::build_versions(
      {{d(2020, 2, 1), {{"51", "Tỉnh", OrgLevel::province, ""}, {"21025", "Phường Nguyễn Nghiêm", OrgLevel::commune, "51"}}},
       {d(2025, 7, 1), {{"51", "Tỉnh", OrgLevel::province, ""}, {"21025", "Phường Cẩm Thành", OrgLevel::commune, "51"}}}});
  const auto* old_one = find(v, "21025", d(2020, 2, 1));
  const auto* new_one = find(v, "21025", d(2025, 7, 1));
  ASSERT_TRUE(old_one && new_one);
  EXPECT_EQ(old_one->valid_to, d(2025, 7, 1));
  EXPECT_EQ(new_one->unit.name, "Phường Cẩm Thành");
}

TEST(OrgVersions, AUnitWhoseParentChangesGetsANewVersion) {
  const auto v = sched::build_versions({{d(2020, 2, 1),
                                         {{"51", "Tỉnh", OrgLevel::province, ""},
                                          {"522", "TP", OrgLevel::district, "51"},
                                          {"21010", "Phường A", OrgLevel::commune, "522"}}},
                                        {d(2025, 7, 1),
                                         {{"51", "Tỉnh", OrgLevel::province, ""},
                                          {"21010", "Phường A", OrgLevel::commune, "51"}}}});
  EXPECT_EQ(find(v, "21010", d(2020, 2, 1))->valid_to, d(2025, 7, 1));
  EXPECT_EQ(find(v, "21010", d(2025, 7, 1))->unit.parent_code, "51");
  EXPECT_EQ(find(v, "522", d(2020, 2, 1))->valid_to, d(2025, 7, 1));
}

TEST(OrgVersions, ParentsComeBeforeChildren) {
  const auto v = sched::build_versions({{d(2020, 2, 1),
                                         {{"21010", "Phường A", OrgLevel::commune, "522"},
                                          {"522", "TP", OrgLevel::district, "51"},
                                          {"51", "Tỉnh", OrgLevel::province, ""}}}});
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].unit.level, OrgLevel::province);
  EXPECT_EQ(v[2].unit.level, OrgLevel::commune);
}

TEST(OrgVersions, AMissingParentOrDuplicateCodeOrUnorderedSnapshotsAreRefused) {
  EXPECT_THROW(sched::build_versions({{d(2020, 2, 1), {{"1", "x", OrgLevel::commune, "9"}}}}), sched::InvalidInput);
  EXPECT_THROW(sched::build_versions({{d(2020, 2, 1),
                                       {{"51", "a", OrgLevel::province, ""}, {"51", "b", OrgLevel::province, ""}}}}),
               sched::InvalidInput);
  EXPECT_THROW(sched::build_versions({{d(2025, 2, 1), {}}, {d(2020, 2, 1), {}}}), sched::InvalidInput);
}

TEST(OrgVersions, TimelinesThatChangeOnDifferentDaysAreInterleaved) {
  const auto merged = sched::combine_timelines(
      {{{d(2020, 2, 1), {{"51", "Tỉnh", OrgLevel::province, ""}}}},
       {{d(2020, 2, 1), {{"SNV", "Sở Nội vụ", OrgLevel::department, "51"}}},
        {d(2025, 3, 1), {{"SNNMT", "Sở NN và MT", OrgLevel::department, "51"}}}}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[1].from, d(2025, 3, 1));
  ASSERT_EQ(merged[1].units.size(), 2u);  // the province is still in force
  EXPECT_EQ(merged[1].units[0].code, "51");
}

}  // namespace
