#include "notify/delivery_worker.hpp"

#include <nlohmann/json.hpp>

#include "auth/hmac.hpp"
#include "ical/ics.hpp"
#include "log/log.hpp"
#include "notify/invitation_text.hpp"
#include "notify/mime_message.hpp"
#include "routes/meeting_ics.hpp"
#include "wire/resources_json.hpp"

namespace notify {
namespace {

using sched::DeliveryEventKind;
using sched::DeliveryOutcome;
using Result = DeliveryOutcome::Result;

bool calls_off(DeliveryEventKind k) { return k == DeliveryEventKind::cancel || k == DeliveryEventKind::postpone; }

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "meetingd" : address.substr(at + 1);
}

DeliveryOutcome outcome_of(const Transfer& t) {
  if (t.delivered) return {Result::sent, ""};
  return {t.worth_retrying ? Result::retry : Result::failed, t.error};
}

}  // namespace

DeliveryWorker::DeliveryWorker(sched::DeliveryRepository& outbox, sched::MeetingRepository& meetings,
                               sched::OrgDirectory& orgs, sched::RoomDirectory& rooms, const sched::TimeZone& zone,
                               sched::Clock clock, DeliverySettings settings)
    : outbox_(outbox),
      meetings_(meetings),
      orgs_(orgs),
      rooms_(rooms),
      zone_(zone),
      clock_(std::move(clock)),
      settings_(std::move(settings)) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::run() {
  auto next_reminder_scan = std::chrono::steady_clock::now();
  const auto step = [this](const sched::DeliveryRecord& d) { return attempt(d); };
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pause = settings_.poll;
    try {
      if (std::chrono::steady_clock::now() >= next_reminder_scan) {
        if (const int n = outbox_.enqueue_reminders(clock_(), settings_.reminders); n > 0)
          logging::info("reminders due: " + std::to_string(n));
        next_reminder_scan = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      }
      for (int i = 0; i < 100 && outbox_.deliver_next(step, settings_.retry_base, settings_.max_attempts); ++i) {
        std::lock_guard check(mutex_);
        if (stopping_) break;
      }
    } catch (const std::exception& e) {
      logging::warn(std::string("deliveries: ") + e.what());
      pause = std::chrono::seconds(2);
    }
    lock.lock();
    wake_.wait_for(lock, pause, [this] { return stopping_; });
  }
}

DeliveryOutcome DeliveryWorker::attempt(const sched::DeliveryRecord& d) {
  const auto m = meetings_.find(d.meeting_id);
  if (!m) return {Result::failed, "the meeting no longer exists"};
  return d.channel == sched::DeliveryChannel::email ? send_email(d, *m) : send_webhook(d, *m);
}

std::string DeliveryWorker::calendar_of(const sched::DeliveryRecord& d, const sched::Meeting& m,
                                        const std::string& attendee) {
  auto e = api::meeting_ics_event(m, orgs_, rooms_, clock_());
  e.sequence = static_cast<int>(d.version - 1);  // the change this delivery announces
  e.cancelled = calls_off(d.kind);
  if (settings_.relay) e.organizer_email = settings_.relay->from;
  if (!attendee.empty()) {
    std::string name;
    if (d.org_id)
      if (auto o = orgs_.find_org(*d.org_id)) name = o->name;
    e.attendees.push_back({name, attendee});
  }
  return sched::render_calendar({e}, calls_off(d.kind) ? sched::IcsMethod::cancel : sched::IcsMethod::request,
                                m.draft.title);
}

DeliveryOutcome DeliveryWorker::send_email(const sched::DeliveryRecord& d, const sched::Meeting& m) {
  if (!settings_.relay) return {Result::not_configured, "no SMTP relay is configured (--smtp-url)"};
  const auto name_of_room = [this](long long id) {
    auto r = rooms_.find_room(id);
    return r ? r->name : "";
  };
  std::string addressee, organiser;
  if (d.org_id)
    if (auto o = orgs_.find_org(*d.org_id)) addressee = o->name;
  if (auto o = orgs_.find_org(m.draft.organiser_org_id)) organiser = o->name;
  std::string join;
  if (d.room_id) join = settings_.public_url + "/web/hall.html#room=" + std::to_string(*d.room_id);
  const InvitationFacts facts{m, d.kind, addressee, organiser, name_of_room(m.draft.host_room_id),
                              d.room_id ? name_of_room(*d.room_id) : "", join};
  MailMessage mail;
  mail.from = settings_.relay->from;
  mail.from_name = settings_.from_name;
  mail.to = d.recipient;
  mail.message_id = "meetingd-delivery-" + std::to_string(d.id) + "@" + domain_of(mail.from);
  mail.subject = invitation_subject(facts);
  mail.text = invitation_text(facts, zone_);
  mail.ics = calendar_of(d, m, d.recipient);
  mail.ics_method = calls_off(d.kind) ? "CANCEL" : "REQUEST";
  mail.date = clock_();
  return outcome_of(send_mail(*settings_.relay, d.recipient, render_mime(mail)));
}

DeliveryOutcome DeliveryWorker::send_webhook(const sched::DeliveryRecord& d, const sched::Meeting& m) {
  if (!settings_.webhook) return {Result::not_configured, "no webhook is configured (--webhook-url)"};
  const std::string event_id = "meetingd-event-" + std::to_string(d.event_id);
  const nlohmann::json body = {{"event_id", event_id},
                               {"kind", std::string(to_string(d.kind))},
                               {"meeting_id", m.id},
                               {"sequence", d.version - 1},
                               {"uid", "meeting-" + std::to_string(m.id) + "@meetingd"},
                               {"meeting", wire::meeting_json(m, zone_)},
                               {"icalendar", calendar_of(d, m, "")}};
  const std::string text = body.dump();
  std::vector<std::string> headers{"X-Meetingd-Event-Id: " + event_id};
  if (!settings_.webhook_secret.empty())
    headers.push_back("X-Meetingd-Signature: sha256=" + auth::hmac_sha256_hex(settings_.webhook_secret, text));
  return outcome_of(post_json(*settings_.webhook, text, headers));
}

}  // namespace notify
