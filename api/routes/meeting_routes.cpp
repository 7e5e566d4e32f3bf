// /v1/meetings: book (with Idempotency-Key), list, read (ETag), change (If-Match),
// cancel, postpone, and the overdue conclusion notices.
#include "auth/token_crypto.hpp"
#include "http/http_error.hpp"
#include "routes/booking_check.hpp"
#include "routes/guard.hpp"
#include "routes/meeting_access.hpp"
#include "routes/routes.hpp"
#include "scheduler/errors.hpp"
#include "scheduler/rules.hpp"
#include "wire/json_reader.hpp"
#include "wire/resources_json.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

using nlohmann::json;
using sched::Role;

// The meeting with its working-day facts (due dates; provisional where a year involved has
// no Government notice in the policy, with a warning saying so).
// Late documents are flagged on the document (`late`) and listed with their dates.
json meeting_with_calendar(const sched::Meeting& m, Services& s) {
  json body = wire::meeting_json(m, s.zone);
  body.update(wire::calendar_json(sched::calendar_notes({m.draft.slot}, s.policy, s.zone, s.booking.calendar())));
  for (auto& doc : body["documents"]) doc["late"] = false;
  json late = json::array();
  for (const auto& d : sched::late_documents(m.draft, s.policy, s.zone, s.booking.calendar())) {
    body["documents"][d.index]["late"] = true;
    late.push_back(wire::late_document_json(d));
  }
  body["late_documents"] = late;
  return body;
}

Response meeting_response(int status, const sched::Meeting& m, Services& s, json extra = json::object()) {
  json body = meeting_with_calendar(m, s);
  body.update(extra);
  auto r = json_response(status, body);
  r.headers["ETag"] = etag_of(m.version);
  return r;
}

Response book(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  if (req.query_param("dry_run") == std::optional<std::string>("true")) return dry_run_booking(s, p, body);
  auto key = req.header("Idempotency-Key");
  const std::string body_digest = auth::digest(body.dump());
  auto replay = [&](const sched::RememberedAnswer& seen) {
    if (seen.request_hash != body_digest)
      throw unprocessable("this Idempotency-Key was used with another request body");
    Response r = Response::json(seen.status, seen.body);
    if (!seen.location.empty()) r.headers["Location"] = seen.location;
    if (!seen.etag.empty()) r.headers["ETag"] = seen.etag;
    r.headers["Idempotent-Replayed"] = "true";
    return r;
  };
  if (key) {
    wire::check_text("Idempotency-Key", *key, 200);
    if (key->empty()) throw bad_request("Idempotency-Key must not be empty");
    if (auto seen = s.access.remembered(p.token.id, *key)) return replay(*seen);
  }
  const auto draft = wire::draft_from_json(body);
  require_booking_in_scope(p, draft);
  // The answer is made inside the booking's transaction, so that it is stored with it.
  auto answer = [&](const sched::BookingReport& report) {
    const auto& booked = report.meetings;
    const auto& first = booked.front();
    json extra = wire::calendar_json(report.calendar);  // over every occurrence of a series
    extra["skipped"] = json::array();
    extra["moved"] = json::array();
    for (const auto& a : report.skipped) extra["skipped"].push_back(wire::adjusted_json(a, s.zone));
    for (const auto& a : report.moved) extra["moved"].push_back(wire::adjusted_json(a, s.zone));
    if (booked.size() > 1) {
      json occurrences = json::array();
      for (const auto& m : booked)
        occurrences.push_back({{"id", m.id}, {"start", wire::format_instant(m.draft.slot.start, s.zone)},
                               {"end", wire::format_instant(m.draft.slot.end, s.zone)}});
      extra["occurrences"] = occurrences;
    }
    Response r = meeting_response(201, first, s, extra);
    r.headers["Location"] = "/v1/meetings/" + std::to_string(first.id);
    return r;
  };
  if (!key) return answer(s.booking.book_with_report(draft, p.actor()));
  sched::BookingClaim claim{p.token.id, *key, body_digest, [&](const sched::BookingReport& report) {
                              const auto r = answer(report);
                              return sched::RememberedAnswer{body_digest, r.status, r.body, r.headers.at("Location"),
                                                             r.headers.at("ETag")};
                            }};
  try {
    return answer(s.booking.book_with_report(draft, p.actor(), &claim));  // the same answer as the one stored
  } catch (const sched::AlreadyAnswered& a) {
    return replay(a.answer());
  }
}

Response list(Request& req, Services& s) {
  auto p = authenticate(req, s);
  sched::MeetingFilter f;
  auto when = [&](const char* name) -> std::optional<sched::Instant> {
    auto v = req.query_param(name);
    if (!v) return std::nullopt;
    auto t = wire::parse_instant(*v);
    if (!t) throw bad_request(std::string(name) + " must be an RFC 3339 date-time with an offset");
    return t;
  };
  f.from = when("from");
  f.to = when("to");
  if (auto v = req.query_param("room")) f.room_id = wire::parse_id("room", *v);
  if (auto v = req.query_param("org")) f.org_id = wire::parse_id("org", *v);
  if (auto v = req.query_param("status")) {
    f.status = sched::meeting_status_from(*v);
    if (!f.status) throw bad_request("status must be scheduled, rehearsal, live, ended, postponed or cancelled");
  }
  if (!p.is_admin()) {
    f.org_scope = p.is(Role::hall) ? std::vector<long long>{} : p.orgs;
    f.room_scope = p.rooms;
  }
  const auto page = paging(req);
  auto found = s.meetings.list(f, page);
  return json_response(200, wire::page_json(found.items, found.total, page.limit, page.offset,
                                            [&](const sched::Meeting& m) { return wire::meeting_json(m, s.zone); }));
}

Response get(Request& req, Services& s) {
  auto p = authenticate(req, s);
  const auto m = visible_meeting(req, s, p);
  return meeting_response(200, m, s);
}

Response patch(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto patch_body = json_body(req);
  const auto current = managed_meeting(req, s, p);
  const long long version = require_if_match(req, current.version);
  for (const auto& [k, v] : patch_body.items())
    if (k == "recurrence" || k == "on_days_off")
      throw bad_request(k + " cannot be changed; change or cancel occurrences one by one");
  json merged = wire::draft_fields(wire::meeting_json(current, s.zone));
  merged.merge_patch(patch_body);
  const auto draft = wire::draft_from_json(merged);
  require_booking_in_scope(p, draft, &current);
  return meeting_response(200, s.booking.change(current.id, version, draft, p.actor()), s);
}

Response transition(Request& req, Services& s, sched::LifecycleEvent event) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"reason"});
  const auto reason = r.opt_string("reason", sched::kMaxReasonChars).value_or("");
  const auto current = managed_meeting(req, s, p);
  std::optional<long long> version;
  if (req.header("If-Match")) version = require_if_match(req, current.version);
  return meeting_response(200, s.booking.apply(current.id, event, reason, p.actor(), version), s);
}

Response conclusion(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat});
  const auto body = json_body(req);
  wire::ObjectReader r(body, "", {"sent_at"});
  const auto sent_at = r.opt_instant("sent_at").value_or(s.clock());
  const auto current = managed_meeting(req, s, p);
  if (sent_at < current.draft.slot.end)
    throw sched::InvalidInput("sent_at", "a conclusion notice follows the meeting's end");
  return meeting_response(200, s.meetings.record_conclusion(current.id, sent_at, p.actor()), s);
}

Response overdue(Request& req, Services& s) {
  auto p = authenticate(req, s);
  require_role(p, {Role::admin, Role::secretariat, Role::monitor});
  const auto today = sched::local_date(s.zone, s.clock());
  json items = json::array();
  for (const auto& m : s.meetings.ended_awaiting_conclusion()) {
    if (!p.covers_org(m.draft.organiser_org_id)) continue;
    const auto deadline = sched::conclusion_deadline(m.draft.slot.end, s.policy, s.zone);
    if (!(deadline < today)) continue;
    json j = meeting_with_calendar(m, s);
    j["conclusion_deadline"] = wire::format_date(deadline);
    items.push_back(j);
  }
  const long long total = static_cast<long long>(items.size());
  return json_response(200, {{"items", items}, {"total", total}, {"limit", total}, {"offset", 0}});
}

}  // namespace

void add_meeting_routes(Router& router, Services& s) {
  router.add("GET", "/v1/meetings/overdue-conclusions", [&s](Request& r) { return overdue(r, s); });
  router.add("POST", "/v1/meetings", [&s](Request& r) { return book(r, s); });
  router.add("GET", "/v1/meetings", [&s](Request& r) { return list(r, s); });
  router.add("GET", "/v1/meetings/{id}", [&s](Request& r) { return get(r, s); });
  router.add("PATCH", "/v1/meetings/{id}", [&s](Request& r) { return patch(r, s); });
  router.add("POST", "/v1/meetings/{id}/cancel",
             [&s](Request& r) { return transition(r, s, sched::LifecycleEvent::cancel); });
  router.add("POST", "/v1/meetings/{id}/postpone",
             [&s](Request& r) { return transition(r, s, sched::LifecycleEvent::postpone); });
  router.add("POST", "/v1/meetings/{id}/conclusion", [&s](Request& r) { return conclusion(r, s); });
}

}  // namespace api
