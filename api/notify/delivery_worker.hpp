#pragma once
// Sends the outbox: each due delivery once it is taken (scheduler DeliveryRepository), by
// e-mail through the SMTP relay or by POST to the document-exchange webhook, and writes the
// reminders when they fall due. Without a relay (or a webhook) its deliveries are recorded
// "not_configured": nothing pretends to be sent.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "notify/curl_transport.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/delivery.hpp"
#include "scheduler/repositories.hpp"

namespace notify {

struct DeliverySettings {
  std::optional<SmtpRelay> relay;
  std::string from_name = "Văn phòng UBND tỉnh";
  std::optional<WebhookTarget> webhook;
  std::string webhook_secret;  // HMAC-SHA256 key of X-Meetingd-Signature
  std::string public_url;      // where halls open the service (join links)
  std::vector<std::chrono::minutes> reminders{std::chrono::hours(24), std::chrono::minutes(30)};
  std::chrono::milliseconds retry_base{std::chrono::seconds(5)};
  int max_attempts = 12;
  std::chrono::milliseconds poll{500};
};

class DeliveryWorker {
 public:
  DeliveryWorker(sched::DeliveryRepository& outbox, sched::MeetingRepository& meetings, sched::OrgDirectory& orgs,
                 sched::RoomDirectory& rooms, const sched::TimeZone& zone, sched::Clock clock, DeliverySettings settings);
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();
  void stop();
  // One attempt of one delivery (the worker's step; public for tests of the wording).
  sched::DeliveryOutcome attempt(const sched::DeliveryRecord& d);

 private:
  void run();
  sched::DeliveryOutcome send_email(const sched::DeliveryRecord& d, const sched::Meeting& m);
  sched::DeliveryOutcome send_webhook(const sched::DeliveryRecord& d, const sched::Meeting& m);
  std::string calendar_of(const sched::DeliveryRecord& d, const sched::Meeting& m, const std::string& attendee);

  sched::DeliveryRepository& outbox_;
  sched::MeetingRepository& meetings_;
  sched::OrgDirectory& orgs_;
  sched::RoomDirectory& rooms_;
  const sched::TimeZone& zone_;
  sched::Clock clock_;
  DeliverySettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace notify
