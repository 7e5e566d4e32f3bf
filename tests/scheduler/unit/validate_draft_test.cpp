// validate_draft: malformed requests are refused with the offending field.
#include <gtest/gtest.h>

#include <functional>

#include "scheduler/rules.hpp"
#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::at;

MeetingDraft valid() {
  MeetingDraft d;
  d.title = "Họp chuyên đề chuyển đổi số";
  d.type = MeetingType::thematic;
  d.chair = Chair{"Trần Thị B", "Phó Chủ tịch"};
  d.host_room_id = 7;
  d.room_ids = {8, 9};
  d.slot = Interval{at(2024y / March / 18, 8h), at(2024y / March / 18, 11h)};
  d.agenda = {AgendaItem{"Khai mạc", at(2024y / March / 18, 8h), 10, std::nullopt},
              AgendaItem{"Thảo luận", at(2024y / March / 18, 10h), 60, 5}};
  return d;
}

// The field named by the InvalidInput that validate_draft throws for `change(valid())`.
std::string refused_field(const std::function<void(MeetingDraft&)>& change) {
  MeetingDraft d = valid();
  change(d);
  try {
    validate_draft(d);
  } catch (const InvalidInput& e) {
    return e.field();
  }
  return "(accepted)";
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(ValidateDraft, WellFormedDraftIsAccepted) { EXPECT_NO_THROW(validate_draft(valid())); }

TEST(ValidateDraft, TitleMustBePresentAndAtMost300Characters) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.title = "  "; }), "title");
  // Vietnamese letters are counted as characters, not bytes (ệ is 3 bytes in UTF-8).
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.title = repeat("ệ", 300); }), "(accepted)");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.title = repeat("ệ", 301); }), "title");
}

TEST(ValidateDraft, MeetingMustEndAfterItStarts) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.slot.end = d.slot.start; }), "slot");
}

TEST(ValidateDraft, HostRoomAndRoomIdsMustBeValid) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.host_room_id = 0; }), "host_room_id");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.room_ids.push_back(-3); }), "room_ids");
}

TEST(ValidateDraft, ChairMustBeNamed) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.chair.name = ""; }), "chair.name");
}

TEST(ValidateDraft, AdHocReasonHasAMaximumLength) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.ad_hoc_reason = std::string(kMaxReasonChars + 1, 'x'); }),
            "ad_hoc_reason");
}

TEST(ValidateDraft, AgendaItemsMustLieInsideTheSlot) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[0].start = d.slot.start - 1min; }), "agenda[0].start");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[1].start = d.slot.end; }), "agenda[1].start");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[1].minutes = 61; }), "agenda[1].minutes");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[0].minutes = 0; }), "agenda[0].minutes");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[1].speaking_limit = 0; }), "agenda[1].speaking_limit");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.agenda[0].title = ""; }), "agenda[0].title");
}

TEST(ValidateDraft, DocumentsAndDelegationsMustBeComplete) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.documents = {Document{"", "x", std::nullopt, std::nullopt}}; }),
            "documents[0].title");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.delegations = {Delegation{8, "Ông C", "", ""}}; }),
            "delegations[0].attendee_name");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.delegations = {Delegation{0, "Ông C", "Bà D", ""}}; }),
            "delegations[0].room_id");
}

TEST(ValidateDraft, OverrideNeedsRulesAndAReason) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.override_rules = RuleOverride{{}, "lý do"}; }),
            "override_rules.rules");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.override_rules = RuleOverride{{"max_length"}, ""}; }),
            "override_rules.reason");
}

TEST(ValidateDraft, SelectorNeedsALevelOrAnUnderCode) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.invite = {Selector{}}; }), "invite[0]");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.invite = {Selector{OrgLevel::commune, std::nullopt}}; }),
            "(accepted)");
}

TEST(ValidateDraft, ConclusionUnitAndRecurrenceMustBeValid) {
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.conclusion_org_id = 0; }), "conclusion_org_id");
  EXPECT_EQ(refused_field([](MeetingDraft& d) { d.recurrence = " "; }), "recurrence");
}

}  // namespace
}  // namespace sched
