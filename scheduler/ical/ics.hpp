#pragma once
// iCalendar output (RFC 5545 / RFC 5546 iTIP methods) built with libical, which escapes
// TEXT values (\\ ; , newline) and folds lines at 75 octets.
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

enum class IcsMethod { publish, request, cancel };

// An attendee without an e-mail address (or with one holding a space or a control
// character, which would break the line) is left out of the ATTENDEE list: a cal-address
// must be a URI a client can reach, and a made-up URN would show as an unreachable
// attendee. A caller that wants such halls listed names them in the description.
struct IcsAttendee {
  std::string name;
  std::string email;
};

struct IcsEvent {
  std::string uid;
  int sequence = 0;  // bumps on every change the invitees must see (RFC 5546)
  std::string summary;
  std::string description;
  std::string location;
  Instant start;
  Instant end;
  Instant stamp;
  bool cancelled = false;
  std::string organizer_name;
  std::string organizer_email;  // ORGANIZER is written only with a usable e-mail address
  std::vector<IcsAttendee> attendees;
  std::string url;
};

// A VCALENDAR (PRODID, VERSION:2.0, CALSCALE:GREGORIAN, METHOD, X-WR-CALNAME) with one
// VEVENT per event: UID, SEQUENCE, DTSTAMP, DTSTART/DTEND in UTC, SUMMARY, DESCRIPTION,
// LOCATION, URL (when not empty), STATUS (CANCELLED when the event is cancelled or the
// method is CANCEL, CONFIRMED otherwise), ORGANIZER and ATTENDEEs. Lines end with CRLF.
std::string render_calendar(const std::vector<IcsEvent>& events, IcsMethod method, std::string_view calendar_name);

}  // namespace sched
