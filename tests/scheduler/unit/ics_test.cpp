// iCalendar output, parsed back with libical.
#include "ical/ics.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <memory>
#include <sstream>

#include "test_support.hpp"

namespace sched {
namespace {

using namespace std::chrono;
using test::at;

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Parsed = std::unique_ptr<icalcomponent, ComponentFree>;

const std::string kSummary = "Giao ban UBND tỉnh, tháng 3; quý I";
const std::string kDescription = "Nội dung:\n1. Kinh tế – xã hội; 2. Chuyển đổi số, đô thị thông minh\\dự án";

IcsEvent event() {
  IcsEvent e;
  e.uid = "meeting-42@meetingd.quangngai.gov.vn";
  e.sequence = 2;
  e.summary = kSummary;
  e.description = kDescription;
  e.location = "Phòng họp trực tuyến UBND tỉnh, tầng 3";
  e.start = at(2024y / March / 18, 8h);
  e.end = at(2024y / March / 18, 10h);
  e.stamp = at(2024y / March / 11, 9h);
  e.organizer_name = "Văn phòng UBND tỉnh, Quảng Ngãi";
  e.organizer_email = "vanphong@quangngai.gov.vn";
  e.attendees = {IcsAttendee{"Sở Thông tin và Truyền thông", "stttt@quangngai.gov.vn"},
                 IcsAttendee{"UBND xã Tịnh Khê", ""}};
  e.url = "https://hop.quangngai.gov.vn/meetings/42";
  return e;
}

Parsed parse(const std::string& text) {
  Parsed c{icalparser_parse_string(text.c_str())};
  EXPECT_NE(c, nullptr);
  return c;
}

icalcomponent* first_event(icalcomponent* cal) { return icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); }

TEST(Ics, RequestCarriesMethodSequenceStatusAndUtcTimes) {
  const std::string text = render_calendar({event()}, IcsMethod::request, "Lịch họp UBND tỉnh");
  const Parsed cal = parse(text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal.get()), ICAL_METHOD_REQUEST);
  icalcomponent* ev = first_event(cal.get());
  ASSERT_NE(ev, nullptr);
  EXPECT_STREQ(icalcomponent_get_uid(ev), "meeting-42@meetingd.quangngai.gov.vn");
  EXPECT_EQ(icalcomponent_get_sequence(ev), 2);
  EXPECT_EQ(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
  EXPECT_NE(text.find("DTSTART:20240318T010000Z\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("DTEND:20240318T030000Z\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("DTSTAMP:20240311T020000Z\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("VERSION:2.0\r\n"), std::string::npos);
  EXPECT_NE(text.find("CALSCALE:GREGORIAN\r\n"), std::string::npos);
  EXPECT_NE(text.find("PRODID:"), std::string::npos);
}

TEST(Ics, TextIsEscapedAndRoundTripsInVietnamese) {
  const std::string text = render_calendar({event()}, IcsMethod::publish, "Lịch họp; tỉnh, 2024");
  EXPECT_NE(text.find("tháng 3\\; quý I"), std::string::npos) << text;
  EXPECT_NE(text.find("UBND tỉnh\\,"), std::string::npos) << text;
  EXPECT_NE(text.find("Nội dung:\\n1."), std::string::npos) << text;
  const Parsed cal = parse(text);
  ASSERT_NE(cal, nullptr);
  icalcomponent* ev = first_event(cal.get());
  ASSERT_NE(ev, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(ev)), kSummary);
  EXPECT_EQ(std::string(icalcomponent_get_description(ev)), kDescription);
  EXPECT_EQ(std::string(icalcomponent_get_location(ev)), "Phòng họp trực tuyến UBND tỉnh, tầng 3");
  EXPECT_NE(text.find("\r\nX-WR-CALNAME:Lịch họp\\; tỉnh\\, 2024\r\n"), std::string::npos) << text;
  icalproperty* name = icalcomponent_get_first_property(cal.get(), ICAL_X_PROPERTY);
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(icalproperty_get_x_name(name), "X-WR-CALNAME");
  EXPECT_STREQ(icalproperty_get_x(name), "Lịch họp; tỉnh, 2024");
}

TEST(Ics, LinesAreFoldedAt75OctetsWithCrlf) {
  IcsEvent e = event();
  e.description.clear();
  for (int i = 0; i < 20; ++i) e.description += "Ủy ban nhân dân tỉnh Quảng Ngãi, ";
  e.description += "hết.";
  const std::string text = render_calendar({e}, IcsMethod::publish, std::string(40, 'x') + "Lịch họp trực tuyến");
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find("\r\n", begin);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    EXPECT_LE(end - begin, 75U) << text.substr(begin, end - begin);
    begin = end + 2;
  }
  const Parsed cal = parse(text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_description(first_event(cal.get()))), e.description);
}

// Every line ends with CRLF, with no CR or LF elsewhere, and holds at most 75 octets.
void expect_well_formed_lines(const std::string& text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find("\r\n", begin);
    ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
    const std::string line = text.substr(begin, end - begin);
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
    EXPECT_LE(line.size(), 75U) << line;
    begin = end + 2;
  }
}

// Found by the iCalendar fuzz target (tests/fuzz/corpus/ics_fuzz/regression-stray-cr-at-fold):
// libical writes "\r\r\n \r\n" when a value ends right at a fold.
TEST(Ics, AValueEndingAtAFoldLeavesNoStrayCarriageReturn) {
  IcsEvent e = event();
  e.location = "xxxxxxx|xxxxxxxxxxxxxxx" + std::string(50, '&');
  const std::string text = render_calendar({e}, IcsMethod::publish, "Lịch");
  expect_well_formed_lines(text);
  const Parsed cal = parse(text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_location(first_event(cal.get()))), e.location);
}

// Found by the iCalendar fuzz target (tests/fuzz/corpus/ics_fuzz/regression-newline-in-attendee-address
// and regression-control-character-in-text): a newline in a cal-address started a new
// property; control characters, which RFC 5545 does not allow in TEXT, were written raw.
TEST(Ics, ControlCharactersAndBrokenAddressesCannotBreakTheFeed) {
  IcsEvent e = event();
  e.summary = "Giao ban\x08 tháng 1\r";
  e.organizer_name = "Văn phòng\nMETHOD:CANCEL";
  e.attendees = {IcsAttendee{"Sở", "a@b.vn\r\nMETHOD:CANCEL"}, IcsAttendee{"Xã", "x y@z.vn"}};
  const std::string text = render_calendar({e}, IcsMethod::request, "Lịch\x01");
  expect_well_formed_lines(text);
  EXPECT_EQ(text.find("\nMETHOD:CANCEL"), std::string::npos);
  EXPECT_EQ(text.find('\x08'), std::string::npos);
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  EXPECT_EQ(text.find("ATTENDEE"), std::string::npos) << "neither address is usable";
  const Parsed cal = parse(text);
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(first_event(cal.get()))), "Giao ban tháng 1");
}

TEST(Ics, OrganizerAndAttendeesWithEmailAreListed) {
  const Parsed cal = parse(render_calendar({event()}, IcsMethod::request, "Lịch"));
  ASSERT_NE(cal, nullptr);
  icalcomponent* ev = first_event(cal.get());
  icalproperty* org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
  ASSERT_NE(org, nullptr);
  EXPECT_STREQ(icalproperty_get_organizer(org), "mailto:vanphong@quangngai.gov.vn");
  icalparameter* org_cn = icalproperty_get_first_parameter(org, ICAL_CN_PARAMETER);
  ASSERT_NE(org_cn, nullptr);
  EXPECT_STREQ(icalparameter_get_cn(org_cn), "Văn phòng UBND tỉnh, Quảng Ngãi");
  EXPECT_EQ(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY), 1);
  icalproperty* att = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
  EXPECT_STREQ(icalproperty_get_attendee(att), "mailto:stttt@quangngai.gov.vn");
  icalparameter* cn = icalproperty_get_first_parameter(att, ICAL_CN_PARAMETER);
  ASSERT_NE(cn, nullptr);
  EXPECT_STREQ(icalparameter_get_cn(cn), "Sở Thông tin và Truyền thông");
}

TEST(Ics, CancelMethodMarksEveryEventCancelled) {
  const Parsed cal = parse(render_calendar({event()}, IcsMethod::cancel, "Lịch"));
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal.get()), ICAL_METHOD_CANCEL);
  EXPECT_EQ(icalcomponent_get_status(first_event(cal.get())), ICAL_STATUS_CANCELLED);
}

TEST(Ics, PublishedFeedShowsCancelledMeetingsAsCancelled) {
  IcsEvent cancelled = event();
  cancelled.uid = "meeting-43@meetingd";
  cancelled.cancelled = true;
  const Parsed cal = parse(render_calendar({event(), cancelled}, IcsMethod::publish, "Lịch"));
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_get_method(cal.get()), ICAL_METHOD_PUBLISH);
  EXPECT_EQ(icalcomponent_count_components(cal.get(), ICAL_VEVENT_COMPONENT), 2);
  icalcomponent* first = first_event(cal.get());
  icalcomponent* second = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT);
  EXPECT_EQ(icalcomponent_get_status(first), ICAL_STATUS_CONFIRMED);
  EXPECT_EQ(icalcomponent_get_status(second), ICAL_STATUS_CANCELLED);
}

}  // namespace
}  // namespace sched
