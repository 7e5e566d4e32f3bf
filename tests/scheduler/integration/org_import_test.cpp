// The province's organisations imported from shared/data/admin-units, queried as of a date.
#include "store_fixture.hpp"

namespace {

using fixture::date;
using fixture::StoreTest;
using sched::OrgLevel;

long long count(fixture::World& w, OrgLevel level, sched::Date on) {
  sched::OrgFilter f;
  f.level = level;
  f.as_of = on;
  return w.store->list_orgs(f, {1, 0}).total;
}

TEST_F(StoreTest, Has173CommunesAsOfTheLetterOf2021) {
  EXPECT_EQ(count(w(), OrgLevel::commune, date(2021, 3, 11)), 173);
  EXPECT_EQ(count(w(), OrgLevel::district, date(2021, 3, 11)), 13);
}

TEST_F(StoreTest, Has96CommunesAndNoDistrictsAfterThe2025Reform) {
  EXPECT_EQ(count(w(), OrgLevel::commune, date(2025, 8, 1)), 96);
  EXPECT_EQ(count(w(), OrgLevel::district, date(2025, 8, 1)), 0);
}

TEST_F(StoreTest, DistrictLevelEndsTheDayBeforeTheReform) {
  EXPECT_EQ(count(w(), OrgLevel::district, date(2025, 6, 30)), 13);
  EXPECT_EQ(count(w(), OrgLevel::district, date(2025, 7, 1)), 0);
}

TEST_F(StoreTest, DepartmentsChangeWithTheirOwnReform) {
  EXPECT_EQ(count(w(), OrgLevel::department, date(2021, 3, 11)), 20);
  EXPECT_EQ(count(w(), OrgLevel::department, date(2025, 8, 1)), 14);
}

TEST_F(StoreTest, AReusedCodeNamesDifferentUnitsBeforeAndAfterTheReform) {
  // 21025 was Phường Nguyễn Nghiêm; from 2025-07-01 it is Phường Cẩm Thành.
  auto name_on = [&](sched::Date d) {
    for (const auto& o : w().store->orgs_valid_on(d))
      if (o.code == "21025") return o.name;
    return std::string();
  };
  EXPECT_EQ(name_on(date(2021, 3, 11)), "Phường Nguyễn Nghiêm");
  EXPECT_EQ(name_on(date(2025, 8, 1)), "Phường Cẩm Thành");
}

TEST_F(StoreTest, ChildrenOfADistrictAreItsCommunesOnThatDate) {
  const long long district = w().org_id("522", date(2021, 3, 11));
  const auto children = w().store->children(district, date(2021, 3, 11));
  ASSERT_FALSE(children.empty());
  for (const auto& c : children) {
    EXPECT_EQ(c.level, OrgLevel::commune);
    EXPECT_EQ(c.parent_id, district);
  }
  EXPECT_TRUE(w().store->children(district, date(2025, 8, 1)).empty());
}

TEST_F(StoreTest, ProvinceSubtreeCountsEveryUnitOnEitherSideOfTheReform) {
  const long long province = w().org_id("51", date(2021, 3, 11));
  EXPECT_EQ(w().store->subtree(province, date(2021, 3, 11)).size(), 13u + 173u + 20u);
  EXPECT_EQ(w().store->subtree(province, date(2025, 8, 1)).size(), 96u + 14u);
}

TEST_F(StoreTest, ImportingAgainChangesNothing) {
  const auto before = w().store->list_orgs({}, {1, 0}).total;
  w().store->import_orgs(sched::build_versions(sched::combine_timelines(
      {sched::json::read_admin_units(testing_support::admin_units_dir()),
       sched::json::read_departments(testing_support::departments_file())})));
  EXPECT_EQ(w().store->list_orgs({}, {1, 0}).total, before);
  EXPECT_EQ(w().store->ensure_one_room_per_org(), 0u);
}

TEST_F(StoreTest, MigrationsRunAgainApplyNothing) {
  EXPECT_TRUE(sched::pg::migrate(*w().pool).empty());
  EXPECT_TRUE(sched::pg::migrate(*w().pool).empty());
}

}  // namespace
