#pragma once
// Invitations and reminders as deliveries: every booking, change, postponement and
// cancellation (and each reminder) is an event written in the same transaction as the
// change; each event has one delivery per invited organisation's e-mail address and one for
// the webhook. A worker sends them and records the outcome here.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

enum class DeliveryChannel { email, webhook };
enum class DeliveryStatus { pending, sent, failed, not_configured };
enum class DeliveryEventKind { book, update, postpone, cancel, reminder };

std::string_view to_string(DeliveryChannel c);
std::string_view to_string(DeliveryStatus s);
std::string_view to_string(DeliveryEventKind k);
std::optional<DeliveryChannel> delivery_channel_from(std::string_view text);
std::optional<DeliveryStatus> delivery_status_from(std::string_view text);
std::optional<DeliveryEventKind> delivery_event_kind_from(std::string_view text);

struct DeliveryRecord {
  long long id = 0;
  long long event_id = 0;
  long long meeting_id = 0;
  DeliveryEventKind kind = DeliveryEventKind::book;
  long long version = 1;  // the meeting's version the event announces
  DeliveryChannel channel = DeliveryChannel::email;
  std::optional<long long> org_id;
  std::optional<long long> room_id;  // the organisation's invited hall (its join link)
  std::string recipient;             // the address, or "webhook"
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  std::string last_error;
  Instant created_at{};
  Instant next_attempt_at{};
  std::optional<Instant> sent_at;
};

// What one attempt came to.
struct DeliveryOutcome {
  enum class Result { sent, retry, failed, not_configured } result = Result::sent;
  std::string reason;  // why it failed (no secrets, no message body)
};

// The wait before attempt `attempts + 1` after a failure: base, 2 base, 4 base... capped.
std::chrono::milliseconds delivery_backoff(int attempts, std::chrono::milliseconds base,
                                           std::chrono::milliseconds cap = std::chrono::minutes(30));

// An e-mail address as an organisation's contact (RFC 5321 mailbox, the common subset):
// local@domain, at most 254 octets, local part of letters, digits and !#$%&'*+/=?^_`{|}~.-
// (no leading, trailing or doubled dot), domain of two or more labels of letters, digits and
// hyphens. Empty when valid, otherwise why not.
std::string email_address_problem(std::string_view address);
constexpr std::size_t kMaxContactAddresses = 20;

class DeliveryRepository {
 public:
  virtual ~DeliveryRepository() = default;
  // An organisation's contact addresses (replaced whole); NotFound when it does not exist.
  virtual void set_contact_emails(long long org_id, const std::vector<std::string>& addresses) = 0;
  [[nodiscard]] virtual std::vector<DeliveryRecord> deliveries_of(long long meeting_id) = 0;
  // Takes the oldest due delivery (due by the database's clock: sending is real time) (locked against other workers until the outcome is
  // recorded; a crash releases it), lets `send` attempt it and records the outcome.
  // `retry_base` is the first back-off; after `max_attempts` a retry becomes failed.
  // False when nothing was due.
  virtual bool deliver_next(const std::function<DeliveryOutcome(const DeliveryRecord&)>& send,
                            std::chrono::milliseconds retry_base, int max_attempts) = 0;
  // Writes the reminder events (and their deliveries) due by `now`: for each meeting still
  // scheduled whose start lies `before` ahead or less and that was booked before that
  // moment; each (meeting, start, offset) once. Returns how many were written.
  virtual int enqueue_reminders(Instant now, const std::vector<std::chrono::minutes>& before) = 0;
};

}  // namespace sched
