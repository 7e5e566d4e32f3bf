// Selector resolution over a small hierarchy: province -> department, districts -> communes.
#include "scheduler/selectors.hpp"

#include <gtest/gtest.h>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

using namespace std::chrono;

Org org(long long id, std::string code, OrgLevel level, std::optional<long long> parent) {
  return Org{id, std::move(code), "unit " + std::to_string(id), level, parent, 2021y / January / 1, std::nullopt, {}};
}

const std::vector<Org> kOrgs{
    org(1, "51", OrgLevel::province, std::nullopt),
    org(2, "S01", OrgLevel::department, 1),
    org(3, "522", OrgLevel::district, 1),
    org(4, "523", OrgLevel::district, 1),
    org(5, "21001", OrgLevel::commune, 3),
    org(6, "21002", OrgLevel::commune, 3),
    org(7, "21010", OrgLevel::commune, 4),
};

TEST(Selectors, LevelSelectsEveryUnitOfThatLevel) {
  EXPECT_EQ(resolve_selectors({Selector{OrgLevel::commune, std::nullopt}}, kOrgs), (std::vector<long long>{5, 6, 7}));
  EXPECT_EQ(resolve_selectors({Selector{OrgLevel::district, std::nullopt}}, kOrgs), (std::vector<long long>{3, 4}));
}

TEST(Selectors, UnderSelectsDescendantsOnly) {
  EXPECT_EQ(resolve_selectors({Selector{OrgLevel::commune, "522"}}, kOrgs), (std::vector<long long>{5, 6}));
  EXPECT_EQ(resolve_selectors({Selector{std::nullopt, "523"}}, kOrgs), (std::vector<long long>{7}));
}

TEST(Selectors, UnderReachesDescendantsAtDepthTwo) {
  EXPECT_EQ(resolve_selectors({Selector{OrgLevel::commune, "51"}}, kOrgs), (std::vector<long long>{5, 6, 7}));
  // The unit named by `under` is not itself selected.
  EXPECT_EQ(resolve_selectors({Selector{std::nullopt, "51"}}, kOrgs), (std::vector<long long>{2, 3, 4, 5, 6, 7}));
}

TEST(Selectors, SeveralSelectorsGiveASortedUnion) {
  const std::vector<Selector> s{{OrgLevel::commune, "523"}, {OrgLevel::department, std::nullopt},
                                {std::nullopt, "523"}, {OrgLevel::commune, "522"}};
  EXPECT_EQ(resolve_selectors(s, kOrgs), (std::vector<long long>{2, 5, 6, 7}));
}

TEST(Selectors, UnknownUnderCodeIsRefused) {
  try {
    (void)resolve_selectors({Selector{OrgLevel::commune, "999"}}, kOrgs);
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "invite");
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos);
  }
}

TEST(Selectors, EmptySelectorIsRefusedRatherThanInvitingEveryone) {
  EXPECT_THROW((void)resolve_selectors({Selector{}}, kOrgs), InvalidInput);
}

TEST(Selectors, NoSelectorsSelectNothing) { EXPECT_TRUE(resolve_selectors({}, kOrgs).empty()); }

}  // namespace
}  // namespace sched
