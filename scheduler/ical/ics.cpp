// iCalendar output through libical: libical escapes TEXT values and folds long lines,
// so nothing here writes iCalendar syntax by hand.
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

// A calendar user: CN=name, value mailto:email.
icalproperty* with_name(icalproperty* p, const std::string& name) {
  if (!name.empty()) icalproperty_add_parameter(p, icalparameter_new_cn(name.c_str()));
  return p;
}

void add_text(icalcomponent* event, icalproperty* (*make)(const char*), const std::string& value) {
  if (!value.empty()) icalcomponent_add_property(event, make(value.c_str()));
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
  if (!e.organizer_email.empty())
    icalcomponent_add_property(
        event, with_name(icalproperty_new_organizer(("mailto:" + e.organizer_email).c_str()), e.organizer_name));
  for (const auto& a : e.attendees) {
    if (a.email.empty()) continue;  // no reachable cal-address: see ics.hpp
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
  if (!calendar_name.empty()) {
    // A TEXT value so that libical escapes it like SUMMARY.
    icalproperty* name = icalproperty_new(ICAL_X_PROPERTY);
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalproperty_set_value(name, icalvalue_new_text(std::string(calendar_name).c_str()));
    icalcomponent_add_property(calendar.get(), name);
  }
  for (const auto& e : events) icalcomponent_add_component(calendar.get(), make_event(e, method));

  const std::unique_ptr<char, BufferFree> text{icalcomponent_as_ical_string_r(calendar.get())};
  return text ? std::string(text.get()) : std::string();
}

}  // namespace sched
