// check_booking and conclusion_deadline against the shipped policy (DECREE-45.md).
#include "scheduler/rules.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::at;
using test::shipped_policy;
using test::vietnam;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A briefing on Monday 18/3/2024, 08:00–10:00, booked a week ahead: keeps every rule.
MeetingDraft briefing() {
  MeetingDraft d;
  d.title = "Giao ban tháng 3";
  d.type = MeetingType::briefing;
  d.chair = Chair{"Nguyễn Văn A", "Chủ tịch"};
  d.host_room_id = 1;
  d.slot = Interval{at(2024y / March / 18, 8h), at(2024y / March / 18, 10h)};
  return d;
}
const Instant kWeekAhead = at(2024y / March / 11, 9h);

// Lets a test about another rule book outside working hours, as the secretariat would: with
// an override of the working-time rule and its reason.
MeetingDraft outside_hours_allowed(MeetingDraft d) {
  d.override_rules = RuleOverride{{"working_time"}, "Hội nghị trực tuyến với Trung ương, ngoài giờ theo lịch Bộ"};
  return d;
}

std::vector<Violation> check(const MeetingDraft& d, Instant booked = kWeekAhead) {
  return check_booking(d, booked, shipped_policy(), vietnam());
}

TEST(Rules, BookingThatKeepsEveryRuleHasNoViolation) { EXPECT_TRUE(check(briefing()).empty()); }

TEST(Rules, BriefingLongerThanOneSessionIsRefused) {
  auto d = briefing();
  d.slot = Interval{at(2024y / March / 18, 7h), at(2024y / March / 18, 11h, 31min)};
  const auto v = check(d);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "max_length");
  EXPECT_TRUE(contains(v[0].article, "45/2018")) << v[0].article;
  EXPECT_TRUE(contains(v[0].article, "[S]")) << v[0].article;
  EXPECT_FALSE(v[0].overridable);
  EXPECT_EQ(v[0].message, "a briefing meeting may last at most 1 session (4h30); this one lasts 4h31");
}

TEST(Rules, BriefingOfExactlyTheLongestSessionIsAccepted) {
  auto d = briefing();
  d.slot = Interval{at(2024y / March / 18, 7h), at(2024y / March / 18, 11h, 30min)};
  EXPECT_TRUE(check(d).empty());
}

TEST(Rules, EverySessionTypeIsLimitedToOneSession) {
  for (MeetingType t : {MeetingType::work_resolution, MeetingType::advisory, MeetingType::coordination}) {
    auto d = briefing();
    d.type = t;
    d.slot.end = d.slot.start + 5h;
    const auto v = check(d);
    ASSERT_EQ(v.size(), 1U) << to_string(t);
    EXPECT_EQ(v[0].rule, "max_length");
  }
}

TEST(Rules, OneDayMeetingLongerThanTheWorkingDayIsRefused) {
  auto d = briefing();
  d.type = MeetingType::thematic;
  d.slot = Interval{at(2024y / March / 18, 7h), at(2024y / March / 18, 17h)};
  EXPECT_TRUE(check(d).empty());
  d.slot.end = at(2024y / March / 18, 17h, 1min);
  const auto v = check(outside_hours_allowed(d));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "max_length");
  EXPECT_TRUE(contains(v[0].message, "1 working day (10h00, 07:00–17:00, on one date)")) << v[0].message;
  EXPECT_TRUE(contains(v[0].message, "10h01")) << v[0].message;
}

TEST(Rules, OneDayMeetingAcrossMidnightIsRefused) {
  auto d = briefing();
  d.type = MeetingType::review;
  d.slot = Interval{at(2024y / March / 18, 20h), at(2024y / March / 19, 2h)};
  const auto v = check(outside_hours_allowed(d));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_TRUE(contains(v[0].message, "from 2024-03-18 to 2024-03-19")) << v[0].message;
  // Ending exactly at local midnight stays on one date.
  d.slot = Interval{at(2024y / March / 18, 16h), at(2024y / March / 19, 0h)};
  EXPECT_TRUE(check(outside_hours_allowed(d)).empty());
}

TEST(Rules, TrainingTouchingThreeWorkingDaysIsRefused) {
  auto d = briefing();
  d.type = MeetingType::training;
  d.slot = Interval{at(2024y / March / 18, 8h), at(2024y / March / 20, 10h)};
  const auto v = check(d);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].message,
            "a training meeting may last at most 2 working days; this one spans 3 working days from 2024-03-18 "
            "to 2024-03-20");
}

TEST(Rules, TrainingOverAWeekendTouchesTwoWorkingDays) {
  auto d = briefing();
  d.type = MeetingType::training;
  d.slot = Interval{at(2024y / March / 22, 8h), at(2024y / March / 25, 17h)};  // Friday to Monday
  EXPECT_TRUE(check(d).empty());
}

TEST(Rules, ProfessionalMeetingLongerThanADayIsOverridableWithAReason) {
  auto d = briefing();
  d.type = MeetingType::professional;
  d.slot = Interval{at(2024y / March / 18, 7h), at(2024y / March / 19, 17h)};
  auto v = check(d);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "max_length");
  EXPECT_TRUE(v[0].overridable);

  d.override_rules = RuleOverride{{"max_length"}, "Đề án lớn: quy hoạch tỉnh"};
  EXPECT_TRUE(check(d).empty());

  d.override_rules->reason = "   ";  // a blank reason waives nothing
  EXPECT_EQ(check(d).size(), 1U);
}

TEST(Rules, OverrideOfANonOverridableRuleIsRefused) {
  auto d = briefing();
  d.slot.end = d.slot.start + 5h;
  d.override_rules = RuleOverride{{"max_length", "invitation_lead_time"}, "Chủ tịch yêu cầu"};
  const auto v = check(d, at(2024y / March / 15, 9h));
  ASSERT_EQ(v.size(), 2U);
  EXPECT_EQ(v[0].rule, "max_length");
  EXPECT_EQ(v[1].rule, "invitation_lead_time");
  for (const auto& x : v) {
    EXPECT_FALSE(x.overridable);
    EXPECT_TRUE(contains(x.message, "cannot be overridden")) << x.message;
  }
}

TEST(Rules, InvitationLessThanThreeWorkingDaysAheadIsRefused) {
  // Monday 18/3: the invitation must be issued by Wednesday 13/3 (local date).
  EXPECT_TRUE(check(briefing(), at(2024y / March / 13, 23h, 59min)).empty());
  const auto v = check(briefing(), at(2024y / March / 14, 0h));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "invitation_lead_time");
  EXPECT_FALSE(v[0].overridable);
  EXPECT_TRUE(contains(v[0].article, "[S]"));
  EXPECT_TRUE(contains(v[0].message, "at least 3 working days before the meeting on 2024-03-18, so by 2024-03-13; "
                                     "it is issued on 2024-03-14"))
      << v[0].message;
}

TEST(Rules, InvitationLeadTimeCountsWorkingDaysAcrossTet) {
  auto d = briefing();
  d.slot = Interval{at(2024y / February / 19, 8h), at(2024y / February / 19, 10h)};
  EXPECT_TRUE(check(d, at(2024y / February / 7, 16h)).empty());
  const auto v = check(d, at(2024y / February / 8, 8h));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_TRUE(contains(v[0].message, "so by 2024-02-07")) << v[0].message;
}

TEST(Rules, LateDocumentIsAViolationAndUnsentDocumentIsNot) {
  auto d = briefing();
  d.documents = {Document{"Báo cáo quý I", "https://vb/1", at(2024y / March / 12, 10h), std::nullopt},
                 Document{"Dự thảo kết luận", "https://vb/2", std::nullopt, std::nullopt},
                 Document{"Tờ trình", "https://vb/3", at(2024y / March / 14, 8h), std::nullopt}};
  const auto v = check(d);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "document_lead_time");
  EXPECT_TRUE(contains(v[0].article, "Điều 10")) << v[0].article;
  EXPECT_TRUE(contains(v[0].article, "[A]")) << v[0].article;
  EXPECT_EQ(v[0].message,
            "document \"Tờ trình\" must be sent at least 3 working days before the meeting on 2024-03-18, so by "
            "2024-03-13; it was sent on 2024-03-14");
}

TEST(Rules, AdHocMeetingWithAReasonIsExemptFromLeadTimes) {
  auto d = briefing();
  d.ad_hoc = true;
  d.ad_hoc_reason = "Ứng phó bão số 3";
  d.documents = {Document{"Phương án", "", at(2024y / March / 18, 7h), std::nullopt}};
  EXPECT_TRUE(check(d, at(2024y / March / 18, 6h)).empty());
}

TEST(Rules, AdHocMeetingWithoutAReasonIsRefused) {
  auto d = briefing();
  d.ad_hoc = true;
  const auto v = check(d, at(2024y / March / 18, 6h));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "ad_hoc_reason");
  EXPECT_FALSE(v[0].overridable);
  EXPECT_TRUE(contains(v[0].message, "reason"));
}

TEST(Rules, OtherTypeIsExemptFromEveryRule) {
  auto d = briefing();
  d.type = MeetingType::other;  // e.g. a formal session of the People's Committee
  d.slot = Interval{at(2024y / March / 18, 8h), at(2024y / March / 21, 17h)};
  d.documents = {Document{"Tài liệu", "", at(2024y / March / 18, 7h), std::nullopt}};
  EXPECT_TRUE(check(d, at(2024y / March / 18, 7h)).empty());
}

TEST(Rules, AllViolationsAreReportedAtOnceInAFixedOrder) {
  auto d = briefing();
  d.slot.end = d.slot.start + 6h;
  d.documents = {Document{"A", "", at(2024y / March / 15, 8h), std::nullopt},
                 Document{"B", "", at(2024y / March / 16, 8h), std::nullopt}};
  const auto v = check(d, at(2024y / March / 15, 9h));
  ASSERT_EQ(v.size(), 4U);
  EXPECT_EQ(v[0].rule, "max_length");
  EXPECT_EQ(v[1].rule, "invitation_lead_time");
  EXPECT_EQ(v[2].rule, "document_lead_time");
  EXPECT_EQ(v[3].rule, "document_lead_time");
  EXPECT_TRUE(contains(v[3].message, "\"B\""));
}

TEST(Rules, MeetingInAYearWithoutANoticeIsCheckedAgainstTheComputedCalendar) {
  auto d = briefing();
  d.slot = Interval{at(2029y / February / 19, 8h), at(2029y / February / 19, 10h)};  // Monday after Tết 2029
  EXPECT_TRUE(check(d, at(2029y / February / 7, 8h)).empty());   // Wed 7 -> 8, 9, (Tết 12–16), 19: 3 days
  const auto v = check(d, at(2029y / February / 8, 8h));
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "invitation_lead_time");
  EXPECT_TRUE(contains(v[0].message, "so by 2029-02-07")) << v[0].message;
}

// A regular meeting booked well ahead (Monday 4/1/2027) on `day` from `from` to `to`.
std::vector<Violation> routine_on(Date day, hours from, hours to, MeetingDraft d = briefing()) {
  d.slot = Interval{at(day, from), at(day, to)};
  return check(d, at(2027y / January / 4, 9h));
}

TEST(Rules, RoutineMeetingOnTetIsRefusedWithItsSource) {
  const auto v = routine_on(2027y / February / 9, 8h, 10h);  // Tuesday, Tết 2027
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "working_time");
  EXPECT_TRUE(contains(v[0].article, "[U]")) << v[0].article;
  EXPECT_TRUE(contains(v[0].article, "45/2018")) << v[0].article;
  EXPECT_TRUE(v[0].overridable);
  EXPECT_TRUE(contains(v[0].message, "Tuesday 2027-02-09, which is not a working day (Tết Nguyên đán")) << v[0].message;
}

TEST(Rules, RoutineMeetingOnASaturdayIsRefused) {
  const auto v = routine_on(2027y / March / 13, 8h, 10h);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "working_time");
  EXPECT_TRUE(contains(v[0].message, "Saturday 2027-03-13, which is not a working day (weekend)")) << v[0].message;
}

TEST(Rules, RoutineMeetingInTheEveningIsRefused) {
  const auto v = routine_on(2027y / March / 10, 20h, 21h);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "working_time");
  EXPECT_TRUE(contains(v[0].message, "within working hours (07:00–17:00); this one runs from 20:00 to 21:00"))
      << v[0].message;
  EXPECT_FALSE(routine_on(2027y / March / 10, 6h, 8h).empty());   // starts before 07:00
  EXPECT_TRUE(routine_on(2027y / March / 10, 15h, 17h).empty());  // ends at 17:00 exactly
}

TEST(Rules, SwappedSaturdayIsAWorkingDayForMeetings) {
  auto d = briefing();
  d.slot = Interval{at(2024y / May / 4, 8h), at(2024y / May / 4, 10h)};
  EXPECT_TRUE(check(d, at(2024y / April / 1, 9h)).empty());
}

TEST(Rules, AdHocMeetingWithAReasonMayBeHeldOnADayOff) {
  auto d = briefing();
  d.ad_hoc = true;
  d.ad_hoc_reason = "Ứng phó bão số 3";
  EXPECT_TRUE(routine_on(2027y / February / 9, 20h, 21h, d).empty());
  d.ad_hoc_reason = "";
  const auto v = routine_on(2027y / February / 9, 20h, 21h, d);
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "ad_hoc_reason");
}

TEST(Rules, OverrideWithAReasonWaivesWorkingTime) {
  EXPECT_TRUE(routine_on(2027y / February / 9, 20h, 21h, outside_hours_allowed(briefing())).empty());
}

TEST(Rules, APolicyMayMakeWorkingTimeStrict) {
  Policy strict = shipped_policy();
  strict.working_time_rule.overridable = false;
  strict.working_time_ad_hoc_exempt = false;
  auto d = outside_hours_allowed(briefing());
  d.ad_hoc = true;
  d.ad_hoc_reason = "Ứng phó bão số 3";
  d.slot = Interval{at(2027y / March / 13, 8h), at(2027y / March / 13, 10h)};
  const auto v = check_booking(d, at(2027y / January / 4, 9h), strict, vietnam());
  ASSERT_EQ(v.size(), 1U);
  EXPECT_EQ(v[0].rule, "working_time");
  EXPECT_TRUE(contains(v[0].message, "(this rule cannot be overridden)")) << v[0].message;
}

TEST(Rules, CalendarNotesAreProvisionalForYearsWithoutANotice) {
  const auto& p = shipped_policy();
  const auto announced = calendar_notes({Interval{at(2025y / March / 10, 8h), at(2025y / March / 10, 9h)}}, p, vietnam());
  EXPECT_FALSE(announced.provisional);
  EXPECT_TRUE(announced.warnings.empty());
  EXPECT_EQ(announced.documents_due, 2025y / March / 5);
  const auto later = calendar_notes({Interval{at(2029y / March / 12, 8h), at(2029y / March / 12, 9h)}}, p, vietnam());
  EXPECT_TRUE(later.provisional);
  EXPECT_EQ(later.provisional_years, std::vector<int>{2029});
  ASSERT_EQ(later.warnings.size(), 1U);
  EXPECT_TRUE(contains(later.warnings[0], "2029")) << later.warnings[0];
  EXPECT_TRUE(contains(later.warnings[0], "provisional")) << later.warnings[0];
  // A meeting early in January 2026 has its invitation due in December 2025 (announced) but is itself provisional.
  const auto early = calendar_notes({Interval{at(2026y / January / 5, 8h), at(2026y / January / 5, 9h)}}, p, vietnam());
  EXPECT_EQ(early.invitation_due, 2025y / December / 30);  // Fri 2/1, Wed 31/12, Tue 30/12
  EXPECT_EQ(early.provisional_years, std::vector<int>{2026});
}

TEST(Rules, DocumentsAttachedOrSentAfterTheDueDateAreLate) {
  auto d = briefing();  // Monday 18/3/2024: documents due by Wednesday 13/3
  d.documents = {Document{"on time", "", std::nullopt, at(2024y / March / 13, 16h)},
                 Document{"attached late", "", std::nullopt, at(2024y / March / 14, 8h)},
                 Document{"sent late", "", at(2024y / March / 15, 8h), at(2024y / March / 11, 8h)},
                 Document{"not attached yet", "", std::nullopt, std::nullopt}};
  const auto late = late_documents(d, shipped_policy(), vietnam());
  ASSERT_EQ(late.size(), 2U);
  EXPECT_EQ(late[0].index, 1U);
  EXPECT_EQ(late[0].delivered, 2024y / March / 14);
  EXPECT_EQ(late[0].due, 2024y / March / 13);
  EXPECT_TRUE(contains(late[0].message, "\"attached late\" reached the invitees on 2024-03-14, after 2024-03-13"))
      << late[0].message;
  EXPECT_EQ(late[1].index, 2U);
  EXPECT_EQ(late[1].delivered, 2024y / March / 15);
}

TEST(Rules, AdHocAndOtherMeetingsHaveNoLateDocuments) {
  auto d = briefing();
  d.documents = {Document{"late", "", std::nullopt, at(2024y / March / 18, 7h)}};
  EXPECT_EQ(late_documents(d, shipped_policy(), vietnam()).size(), 1U);
  d.ad_hoc = true;
  d.ad_hoc_reason = "khẩn";
  EXPECT_TRUE(late_documents(d, shipped_policy(), vietnam()).empty());
  d.ad_hoc = false;
  d.type = MeetingType::other;
  EXPECT_TRUE(late_documents(d, shipped_policy(), vietnam()).empty());
}

TEST(Rules, ConclusionDeadlineIsTheFifthWorkingDayAfterTheEnd) {
  const auto& p = shipped_policy();
  EXPECT_EQ(conclusion_deadline(at(2024y / March / 18, 17h), p, vietnam()), 2024y / March / 25);
  // Ending at local midnight belongs to the day before.
  EXPECT_EQ(conclusion_deadline(at(2024y / March / 19, 0h), p, vietnam()), 2024y / March / 25);
  // Tết: Wed 7/2/2024 -> 15, 16, 19, 20, 21/2.
  EXPECT_EQ(conclusion_deadline(at(2024y / February / 7, 11h), p, vietnam()), 2024y / February / 21);
}

}  // namespace
}  // namespace sched
