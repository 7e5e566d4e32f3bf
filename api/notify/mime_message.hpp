#pragma once
// An e-mail (RFC 5322 / MIME): a UTF-8 text part and an iCalendar part (RFC 6047: the
// invitation inline as text/calendar with its method, and the same as an attachment).
#include <string>
#include <string_view>

#include "scheduler/time.hpp"

namespace notify {

struct MailMessage {
  std::string from;        // an address
  std::string from_name;   // shown beside it (UTF-8)
  std::string to;
  std::string message_id;  // without the angle brackets; stable for one delivery
  std::string subject;     // UTF-8
  std::string text;        // UTF-8, lines ending with \n
  std::string ics;         // the VCALENDAR
  std::string ics_method;  // REQUEST or CANCEL
  sched::Instant date{};
};

std::string base64(std::string_view data);
// The message with CRLF line ends and every line under 78 octets (base64 bodies).
std::string render_mime(const MailMessage& m);

}  // namespace notify
