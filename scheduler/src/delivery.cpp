#include "scheduler/delivery.hpp"

#include <array>
#include <cctype>


namespace sched {
namespace {

bool local_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) !=
                                                            std::string_view::npos;
}

std::string domain_problem(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return "the domain must be 1 to 253 characters";
  std::size_t labels = 0;
  for (std::size_t at = 0; at <= domain.size();) {
    const auto dot = std::min(domain.find('.', at), domain.size());
    const auto label = domain.substr(at, dot - at);
    if (label.empty() || label.size() > 63) return "each part of the domain must be 1 to 63 characters";
    if (label.front() == '-' || label.back() == '-') return "a part of the domain may not begin or end with '-'";
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
        return "the domain may hold only letters, digits, '-' and '.'";
    ++labels;
    at = dot + 1;
  }
  if (labels < 2) return "the domain must have at least two parts (name.vn)";
  return "";
}

}  // namespace

std::string_view to_string(DeliveryChannel c) { return c == DeliveryChannel::email ? "email" : "webhook"; }

std::string_view to_string(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::pending: return "pending";
    case DeliveryStatus::sent: return "sent";
    case DeliveryStatus::failed: return "failed";
    case DeliveryStatus::not_configured: return "not_configured";
  }
  return "pending";
}

std::string_view to_string(DeliveryEventKind k) {
  switch (k) {
    case DeliveryEventKind::book: return "book";
    case DeliveryEventKind::update: return "update";
    case DeliveryEventKind::postpone: return "postpone";
    case DeliveryEventKind::cancel: return "cancel";
    case DeliveryEventKind::reminder: return "reminder";
  }
  return "book";
}

std::optional<DeliveryChannel> delivery_channel_from(std::string_view text) {
  if (text == "email") return DeliveryChannel::email;
  if (text == "webhook") return DeliveryChannel::webhook;
  return std::nullopt;
}

std::optional<DeliveryStatus> delivery_status_from(std::string_view text) {
  for (auto s : {DeliveryStatus::pending, DeliveryStatus::sent, DeliveryStatus::failed, DeliveryStatus::not_configured})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::optional<DeliveryEventKind> delivery_event_kind_from(std::string_view text) {
  for (auto k : {DeliveryEventKind::book, DeliveryEventKind::update, DeliveryEventKind::postpone,
                 DeliveryEventKind::cancel, DeliveryEventKind::reminder})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

std::chrono::milliseconds delivery_backoff(int attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap) {
  auto wait = base;
  for (int i = 1; i < attempts && wait < cap; ++i) wait *= 2;
  return std::min(wait, cap);
}

std::string email_address_problem(std::string_view address) {
  if (address.empty() || address.size() > 254) return "an address must be 1 to 254 characters";
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return "an address must have the form name@domain";
  const auto local = address.substr(0, at);
  if (local.empty() || local.size() > 64) return "the part before '@' must be 1 to 64 characters";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return "the part before '@' may not begin or end with '.' or hold '..'";
  for (char c : local)
    if (!local_char(c)) return "the part before '@' holds a character that is not allowed";
  return domain_problem(address.substr(at + 1));
}

}  // namespace sched
