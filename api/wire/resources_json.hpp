#pragma once
// The JSON shapes of the API's resources (the contract in issue 3 and openapi.json):
// organisations, rooms and meetings out; rooms and meeting drafts in.
#include <nlohmann/json.hpp>

#include "scheduler/booking_service.hpp"
#include "scheduler/meeting.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/org.hpp"
#include "scheduler/room.hpp"
#include "wire/json_reader.hpp"

namespace wire {

nlohmann::json org_json(const sched::Org& o);
nlohmann::json room_json(const sched::Room& r);
nlohmann::json meeting_json(const sched::Meeting& m, const sched::TimeZone& zone);

// Every field a client may send when booking (and, merged over the current meeting, when
// patching). Unknown fields and fields of the wrong type are refused with 400.
sched::MeetingDraft draft_from_json(const nlohmann::json& body);

// The working-day facts of a meeting: `provisional` (its dates rest on a year without the
// Government's notice), `warnings`, `invitation_due` and `documents_due` (dates).
nlohmann::json calendar_json(const sched::CalendarNotes& notes);
// A document that reached the invitees after the document lead time.
nlohmann::json late_document_json(const sched::LateDocument& d);
// A series occurrence that fell on a day off: its slot, the reason, and where it moved to.
nlohmann::json adjusted_json(const sched::AdjustedOccurrence& a, const sched::TimeZone& zone);

// The fields of meeting_json that are inputs (used to merge a PATCH over the current state).
nlohmann::json draft_fields(const nlohmann::json& meeting);

template <typename T, typename F>
nlohmann::json page_json(const std::vector<T>& items, long long total, int limit, int offset, F&& to_json) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& i : items) list.push_back(to_json(i));
  return {{"items", list}, {"total", total}, {"limit", limit}, {"offset", offset}};
}

}  // namespace wire
