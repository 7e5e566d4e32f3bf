// iCalendar output through libical, which escapes TEXT values and folds long lines.
// One exception is written here by hand: libical 3.0.16 does not escape commas and
// semicolons in X- properties (and doubles backslashes), so X-WR-CALNAME is escaped and
// folded by escaped_text() and folded_line() below.
#include "ical/ics.hpp"

#include <libical/ical.h>

#include <memory>
#include <string>

namespace sched {
namespace {

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

struct BufferFree {
  void operator()(char* p) const { icalmemory_free_buffer(p); }
};

constexpr const char* kProductId = "-//meetingd//Online meetings of the provincial People's Committee//VI";

icaltimetype utc(Instant t) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(t.time_since_epoch().count()), 0,
                                       icaltimezone_get_utc_timezone());
}

icalproperty_method method_of(IcsMethod m) {
  switch (m) {
    case IcsMethod::request: return ICAL_METHOD_REQUEST;
    case IcsMethod::cancel: return ICAL_METHOD_CANCEL;
    case IcsMethod::publish: break;
  }
  return ICAL_METHOD_PUBLISH;
}

// RFC 5545 3.3.11 allows no control characters in TEXT but HTAB (and newlines, which
// libical escapes); libical writes them as they are, so they are left out here.
std::string without_controls(const std::string& text) {
  std::string out;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) || c == '\t' || c == '\n') out += c;
  return out;
}

// A calendar user: CN=name, value mailto:email. A parameter value holds no newline either.
icalproperty* with_name(icalproperty* p, const std::string& name) {
  std::string cn = without_controls(name);
  std::erase(cn, '\n');
  if (!cn.empty()) icalproperty_add_parameter(p, icalparameter_new_cn(cn.c_str()));
  return p;
}

void add_text(icalcomponent* event, icalproperty* (*make)(const char*), const std::string& value) {
  const std::string text = without_controls(value);
  if (!text.empty()) icalcomponent_add_property(event, make(text.c_str()));
}

// RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
std::string escaped_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;  // other control characters (CR among them) are not allowed in TEXT
    } else if (c == '\t') {
      out += c;
    }
  }
  return out;
}

// RFC 5545 3.1: lines of at most 75 octets, continued after CRLF + space, never splitting
// a UTF-8 sequence.
std::string folded_line(const std::string& line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U;
    std::size_t char_len = 1;
    while (starts_char && i + char_len < line.size() && (static_cast<unsigned char>(line[i + char_len]) & 0xC0U) == 0x80U)
      ++char_len;
    if (starts_char && width + char_len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out += line[i];
    ++width;
  }
  return out + "\r\n";
}

// A cal-address is a URI, written as it is (libical escapes TEXT, not URIs): one with a
// control character or a space in it would break the line and could inject properties.
bool usable_address(const std::string& email) {
  if (email.empty()) return false;
  for (const char c : email)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  return true;
}

// libical folds lines itself, but when a value ends right at a fold it writes a stray CR
// ("...\r\r\n \r\n"), which breaks the feed for strict clients. Its folding is undone
// here (and stray CRs dropped: no value holds one) and done again by folded_line().
std::string refolded(const std::string& text) {
  std::string unfolded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      unfolded += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\n') {
      const bool fold = i + 2 < text.size() && (text[i + 2] == ' ' || text[i + 2] == '\t');
      if (!fold) unfolded += '\n';
      i += fold ? 2 : 1;
    }
  }
  std::string out;
  for (std::size_t start = 0; start < unfolded.size();) {
    std::size_t end = unfolded.find('\n', start);
    if (end == std::string::npos) end = unfolded.size();
    out += folded_line(unfolded.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

icalcomponent* make_event(const IcsEvent& e, IcsMethod method) {
  icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_property(event, icalproperty_new_uid(e.uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_sequence(e.sequence));
  icalcomponent_add_property(event, icalproperty_new_dtstamp(utc(e.stamp)));
  icalcomponent_add_property(event, icalproperty_new_dtstart(utc(e.start)));
  icalcomponent_add_property(event, icalproperty_new_dtend(utc(e.end)));
  add_text(event, icalproperty_new_summary, e.summary);
  add_text(event, icalproperty_new_description, e.description);
  add_text(event, icalproperty_new_location, e.location);
  add_text(event, icalproperty_new_url, e.url);
  const bool cancelled = e.cancelled || method == IcsMethod::cancel;
  icalcomponent_add_property(event, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
  if (usable_address(e.organizer_email))
    icalcomponent_add_property(
        event, with_name(icalproperty_new_organizer(("mailto:" + e.organizer_email).c_str()), e.organizer_name));
  for (const auto& a : e.attendees) {
    if (!usable_address(a.email)) continue;  // no reachable cal-address: see ics.hpp
    icalproperty* p = with_name(icalproperty_new_attendee(("mailto:" + a.email).c_str()), a.name);
    icalproperty_add_parameter(p, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    icalcomponent_add_property(event, p);
  }
  return event;
}

}  // namespace

std::string render_calendar(const std::vector<IcsEvent>& events, IcsMethod method, std::string_view calendar_name) {
  ComponentPtr calendar{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)};
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid(kProductId));
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_method(method_of(method)));
  for (const auto& e : events) icalcomponent_add_component(calendar.get(), make_event(e, method));

  const std::unique_ptr<char, BufferFree> text{icalcomponent_as_ical_string_r(calendar.get())};
  std::string out = text ? refolded(text.get()) : std::string();
  if (!calendar_name.empty()) {
    // Calendar properties come before the first component (or END:VCALENDAR).
    std::size_t at = out.find("\r\nBEGIN:", 1);
    if (at == std::string::npos) at = out.find("\r\nEND:VCALENDAR");
    if (at != std::string::npos)
      out.insert(at + 2, folded_line("X-WR-CALNAME:" + escaped_text(calendar_name)));
  }
  return out;
}

}  // namespace sched
