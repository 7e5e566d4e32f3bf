// iCalendar feeds and invitations carry text that clients wrote (titles, chair names,
// agenda items, room names, reasons): any valid UTF-8 without NUL, which is what the
// request readers let through. Whatever the text, the output must stay well-formed
// RFC 5545: CRLF line ends only, lines of at most 75 octets, every unfolded line a
// property name then ':' or ';' (so text can never inject a property or a component),
// exactly one VEVENT per event, and the text read back by libical equal to what was put in.
#include <libical/ical.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "http/http_error.hpp"
#include "ical/ics.hpp"
#include "wire/json_reader.hpp"

namespace {

bool acceptable_text(const std::string& s) {
  try {
    wire::check_text("field", s, 1u << 20);
    return true;
  } catch (const api::HttpError&) {
    return false;
  }
}

bool name_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Physical lines (without CRLF); false when a bare CR or LF appears.
bool split_lines(const std::string& text, std::vector<std::string>& lines) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = text.find("\r\n", at);
    if (end == std::string::npos) return false;
    const auto line = text.substr(at, end - at);
    if (line.find_first_of("\r\n") != std::string::npos) return false;
    lines.push_back(line);
    at = end + 2;
  }
  return true;
}

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// What libical's parser gives back of a TEXT value: without control characters but HTAB and
// LF (RFC 5545 allows no others, so they are not written) and without leading and trailing
// blanks (its parser drops them; that is the reading side, not our output).
std::string without_cr(std::string s) {
  std::erase_if(s, [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F; });
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const auto flags = in.take<std::uint8_t>();
  sched::IcsEvent e;
  e.uid = "meeting-42@meetingd";
  e.sequence = flags & 0x0F;
  e.summary = in.field();
  e.description = in.field();
  e.location = in.field();
  const std::string calendar_name = in.field();
  e.organizer_name = in.field();
  e.organizer_email = in.field();
  e.attendees.push_back({in.field(), in.field()});
  for (const std::string* s : std::initializer_list<const std::string*>{&e.summary, &e.description, &e.location, &calendar_name, &e.organizer_name,
                        &e.organizer_email, &e.attendees[0].name, &e.attendees[0].email})
    if (!acceptable_text(*s)) return 0;
  e.start = sched::Instant{std::chrono::seconds{1799197200}};
  e.end = e.start + std::chrono::hours{3};
  e.stamp = e.start - std::chrono::hours{72};
  e.cancelled = (flags & 0x10) != 0;
  e.url = "/v1/meetings/42";
  std::vector<sched::IcsEvent> events{e};
  if (flags & 0x20) events.push_back(e);
  const auto method = (flags & 0x40) ? sched::IcsMethod::request : (flags & 0x80) ? sched::IcsMethod::cancel
                                                                                  : sched::IcsMethod::publish;

  const std::string text = sched::render_calendar(events, method, calendar_name);

  std::vector<std::string> lines;
  FUZZ_CHECK(split_lines(text, lines));
  std::vector<std::string> unfolded;
  for (const auto& line : lines) {
    FUZZ_CHECK(line.size() <= 75);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      FUZZ_CHECK(!unfolded.empty());
      unfolded.back() += line.substr(1);
    } else {
      unfolded.push_back(line);
    }
  }
  std::size_t vevents = 0;
  for (const auto& line : unfolded) {
    std::size_t n = 0;
    while (n < line.size() && name_char(line[n])) ++n;
    FUZZ_CHECK(n > 0 && n < line.size() && (line[n] == ':' || line[n] == ';'));
    if (line == "BEGIN:VEVENT") ++vevents;
  }
  FUZZ_CHECK(vevents == events.size());
  FUZZ_CHECK(!unfolded.empty() && unfolded.front() == "BEGIN:VCALENDAR" && unfolded.back() == "END:VCALENDAR");

  const std::unique_ptr<icalcomponent, ComponentFree> parsed{icalparser_parse_string(text.c_str())};
  FUZZ_CHECK(parsed != nullptr);
  icalcomponent* event = icalcomponent_get_first_component(parsed.get(), ICAL_VEVENT_COMPONENT);
  FUZZ_CHECK(event != nullptr);
  const auto reads_back = [](const char* got, const std::string& put) {
    const auto expected = without_cr(put);
    return expected.empty() || (got != nullptr && without_cr(got) == expected);
  };
  FUZZ_CHECK(reads_back(icalcomponent_get_summary(event), e.summary));
  FUZZ_CHECK(reads_back(icalcomponent_get_location(event), e.location));
  FUZZ_CHECK(reads_back(icalcomponent_get_description(event), e.description));
  return 0;
}
