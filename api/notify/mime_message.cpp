#include "notify/mime_message.hpp"

#include <array>
#include <ctime>

namespace notify {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// RFC 2047 encoded-words (B encoding), each at most 75 octets, never splitting a UTF-8 sequence.
std::string encoded_words(std::string_view text) {
  bool ascii = true;
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) ascii = false;
  if (ascii) return std::string(text);
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(at + 39, text.size());  // 39 octets -> 52 base64 chars + 12 of framing
    while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string wrapped_base64(std::string_view data) {
  const std::string b = base64(data);
  std::string out;
  for (std::size_t at = 0; at < b.size(); at += 76) out += b.substr(at, 76) + "\r\n";
  return out;
}

std::string crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\n') out += "\r\n";
    else out += text[i];
  }
  return out;
}

std::string rfc5322_date(sched::Instant t) {
  const std::time_t secs = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::array<char, 64> buf{};
  std::strftime(buf.data(), buf.size(), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf.data();
}

// Header values come from the service's own data; a line break in one would start a header.
std::string one_line(std::string_view v) {
  std::string out;
  for (char c : v)
    if (c != '\r' && c != '\n') out += c;
  return out;
}

}  // namespace

std::string base64(std::string_view data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(data[i]) << 16U) | (static_cast<unsigned char>(data[i + 1]) << 8U) |
                       static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += kAlphabet[(n >> 6U) & 63U];
    out += kAlphabet[n & 63U];
  }
  if (i < data.size()) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16U;
    if (i + 1 < data.size()) n |= static_cast<unsigned char>(data[i + 1]) << 8U;
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += i + 1 < data.size() ? kAlphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

std::string render_mime(const MailMessage& m) {
  const std::string boundary = "=_meetingd_" + base64(one_line(m.message_id)).substr(0, 24);
  std::string out;
  out += "From: " + encoded_words(one_line(m.from_name)) + " <" + one_line(m.from) + ">\r\n";
  out += "To: <" + one_line(m.to) + ">\r\n";
  out += "Subject: " + encoded_words(one_line(m.subject)) + "\r\n";
  out += "Date: " + rfc5322_date(m.date) + "\r\n";
  out += "Message-ID: <" + one_line(m.message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += wrapped_base64(crlf(m.text));
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/calendar; charset=UTF-8; method=" + m.ics_method +
         "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\n\r\n";
  out += wrapped_base64(m.ics);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace notify
