#include "wire/resources_json.hpp"

#include "http/http_error.hpp"
#include "wire/time_text.hpp"

namespace wire {
namespace {

using nlohmann::json;

const std::set<std::string> kDraftFields{
    "title", "type", "organiser_org_id", "chair", "host_room_id", "room_ids", "invite", "start", "end", "ad_hoc",
    "ad_hoc_reason", "agenda", "documents", "delegations", "conclusion_required", "conclusion_org_id", "override",
    "recurrence", "on_days_off", "relay"};

json opt(const std::optional<long long>& v) { return v ? json(*v) : json(nullptr); }

json relay_json(const std::optional<sched::Relay>& r) {
  if (!r) return nullptr;
  return {{"upstream", {{"address", r->address}, {"video_port", r->video_port}, {"audio_port", r->audio_port}}},
          {"send_up", to_string(r->send_up)},
          {"halls", to_string(r->halls)}};
}

// "relay": {"upstream": {"address", "video_port", "audio_port"}, "send_up", "halls"}. Its shape
// is checked here (400); whether the address may be used, by the booking service (422).
sched::Relay relay_from(const ObjectReader& relay) {
  const auto up = relay.object("upstream", {"address", "video_port", "audio_port"});
  if (!up) throw api::bad_request(relay.field("upstream") + " is required");
  sched::Relay r;
  r.address = up->string("address", 64);
  auto port = [&](const char* name) {
    const auto p = up->opt_int(name, 1, 65535);
    if (!p) throw api::bad_request(up->field(name) + " is required");
    return *p;
  };
  r.video_port = port("video_port");
  r.audio_port = port("audio_port");
  if (const auto s = relay.opt_string("send_up", 20)) {
    const auto parsed = sched::send_up_from(*s);
    if (!parsed) throw api::bad_request(relay.field("send_up") + " must be host or composite");
    r.send_up = *parsed;
  }
  if (const auto h = relay.opt_string("halls", 20)) {
    const auto parsed = sched::relay_halls_from(*h);
    if (!parsed) throw api::bad_request(relay.field("halls") + " must be small or hidden");
    r.halls = *parsed;
  }
  return r;
}

}  // namespace

json org_json(const sched::Org& o) {
  return {{"id", o.id},
          {"code", o.code},
          {"name", o.name},
          {"level", std::string(to_string(o.level))},
          {"parent_id", opt(o.parent_id)},
          {"valid_from", format_date(o.valid_from)},
          {"valid_to", o.valid_to ? json(format_date(*o.valid_to)) : json(nullptr)},
          {"contact_emails", o.contact_emails}};
}

json room_json(const sched::Room& r) {
  return {{"id", r.id}, {"org_id", r.org_id}, {"name", r.name}, {"kind", std::string(to_string(r.kind))},
          {"active", r.active}};
}

json meeting_json(const sched::Meeting& m, const sched::TimeZone& zone) {
  const auto& d = m.draft;
  auto t = [&](sched::Instant i) { return format_instant(i, zone); };
  json agenda = json::array(), documents = json::array(), delegations = json::array(), invite = json::array();
  for (const auto& a : d.agenda)
    agenda.push_back({{"title", a.title},
                      {"start", a.start ? json(t(*a.start)) : json(nullptr)},
                      {"minutes", a.minutes ? json(*a.minutes) : json(nullptr)},
                      {"speaking_limit", a.speaking_limit ? json(*a.speaking_limit) : json(nullptr)}});
  for (const auto& doc : d.documents)
    documents.push_back({{"title", doc.title},
                         {"link", doc.link},
                         {"sent_at", doc.sent_at ? json(t(*doc.sent_at)) : json(nullptr)},
                         {"attached_at", doc.attached_at ? json(t(*doc.attached_at)) : json(nullptr)}});
  for (const auto& g : d.delegations)
    delegations.push_back({{"room_id", g.room_id},
                           {"for_name", g.for_name},
                           {"attendee_name", g.attendee_name},
                           {"attendee_position", g.attendee_position}});
  for (const auto& s : d.invite) {
    json sel = json::object();
    if (s.level) sel["level"] = std::string(to_string(*s.level));
    if (s.under) sel["under"] = *s.under;
    invite.push_back(sel);
  }
  json out = {{"id", m.id},
              {"version", m.version},
              {"title", d.title},
              {"type", std::string(to_string(d.type))},
              {"organiser_org_id", d.organiser_org_id},
              {"chair", {{"name", d.chair.name}, {"position", d.chair.position}}},
              {"host_room_id", d.host_room_id},
              {"room_ids", d.room_ids},
              {"invite", invite},
              {"start", t(d.slot.start)},
              {"end", t(d.slot.end)},
              {"ad_hoc", d.ad_hoc},
              {"ad_hoc_reason", d.ad_hoc_reason},
              {"agenda", agenda},
              {"documents", documents},
              {"delegations", delegations},
              {"conclusion_required", d.conclusion_required},
              {"conclusion_org_id", opt(d.conclusion_org_id)},
              {"conclusion_sent_at", m.conclusion_sent_at ? json(t(*m.conclusion_sent_at)) : json(nullptr)},
              {"status", std::string(to_string(m.status))},
              {"status_reason", m.status_reason},
              {"series_id", opt(m.series_id)},
              {"recurrence", d.recurrence ? json(*d.recurrence) : json(nullptr)},
              {"created_at", t(m.created_at)},
              {"created_by", m.created_by},
              {"relay", relay_json(d.relay)}};
  if (d.override_rules) out["override"] = {{"rules", d.override_rules->rules}, {"reason", d.override_rules->reason}};
  return out;
}

json calendar_json(const sched::CalendarNotes& notes) {
  return {{"provisional", notes.provisional},
          {"warnings", notes.warnings},
          {"invitation_due", format_date(notes.invitation_due)},
          {"documents_due", format_date(notes.documents_due)}};
}

json late_document_json(const sched::LateDocument& d) {
  return {{"title", d.title}, {"delivered_on", format_date(d.delivered)}, {"due", format_date(d.due)},
          {"message", d.message}};
}

json adjusted_json(const sched::AdjustedOccurrence& a, const sched::TimeZone& zone) {
  json out = {{"start", format_instant(a.from.start, zone)}, {"end", format_instant(a.from.end, zone)},
              {"reason", a.reason}};
  if (a.to) {
    out["moved_to_start"] = format_instant(a.to->start, zone);
    out["moved_to_end"] = format_instant(a.to->end, zone);
  }
  return out;
}

json draft_fields(const json& meeting) {
  json out = json::object();
  for (const auto& [k, v] : meeting.items())
    if (kDraftFields.contains(k) && !v.is_null()) out[k] = v;
  if (out.contains("documents"))  // what the service records about a document is not an input
    for (auto& doc : out["documents"]) {
      doc.erase("attached_at");
      doc.erase("late");
    }
  return out;
}

sched::MeetingDraft draft_from_json(const json& body) {
  ObjectReader r(body, "", kDraftFields);
  sched::MeetingDraft d;
  d.title = r.string("title", 300);
  const auto type = r.string("type", 40);
  auto parsed_type = sched::meeting_type_from(type);
  if (!parsed_type) throw api::bad_request("type must be one of briefing, work_resolution, advisory, coordination, "
                                           "professional, thematic, review, training, other");
  d.type = *parsed_type;
  d.organiser_org_id = r.id("organiser_org_id");
  auto chair = r.object("chair", {"name", "position"});
  if (!chair) throw api::bad_request("chair is required");
  d.chair = {chair->string("name", 200), chair->opt_string("position", 200).value_or("")};
  d.host_room_id = r.id("host_room_id");
  d.room_ids = r.ids("room_ids", 2000);
  for (auto& s : r.objects("invite", 20, {"level", "under"})) {
    sched::Selector sel;
    if (auto level = s.opt_string("level", 20)) {
      sel.level = sched::org_level_from(*level);
      if (!sel.level) throw api::bad_request(s.field("level") + " must be province, department, district or commune");
    }
    sel.under = s.opt_string("under", 40);
    d.invite.push_back(sel);
  }
  d.slot = {r.instant("start"), r.instant("end")};
  d.ad_hoc = r.boolean("ad_hoc", false);
  d.ad_hoc_reason = r.opt_string("ad_hoc_reason", 2000).value_or("");
  for (auto& a : r.objects("agenda", 200, {"title", "start", "minutes", "speaking_limit"}))
    d.agenda.push_back({a.string("title", 500), a.opt_instant("start"), a.opt_int("minutes", 1, 24 * 60 * 7),
                        a.opt_int("speaking_limit", 1, 24 * 60)});
  for (auto& doc : r.objects("documents", 200, {"title", "link", "sent_at"}))
    d.documents.push_back({doc.string("title", 500), doc.string("link", 2000), doc.opt_instant("sent_at"), std::nullopt});
  for (auto& g : r.objects("delegations", 2000, {"room_id", "for_name", "attendee_name", "attendee_position"}))
    d.delegations.push_back({g.id("room_id"), g.string("for_name", 200), g.string("attendee_name", 200),
                             g.opt_string("attendee_position", 200).value_or("")});
  d.conclusion_required = r.boolean("conclusion_required", false);
  d.conclusion_org_id = r.opt_id("conclusion_org_id");
  if (auto o = r.object("override", {"rules", "reason"}))
    d.override_rules = sched::RuleOverride{o->strings("rules", 20), o->string("reason", 2000)};
  d.recurrence = r.opt_string("recurrence", 500);
  if (auto handling = r.opt_string("on_days_off", 40)) {
    auto parsed = sched::days_off_handling_from(*handling);
    if (!parsed) throw api::bad_request("on_days_off must be keep, skip or next_working_day");
    d.on_days_off = *parsed;
  }
  if (const auto relay = r.object("relay", {"upstream", "send_up", "halls"})) d.relay = relay_from(*relay);
  return d;
}

}  // namespace wire
