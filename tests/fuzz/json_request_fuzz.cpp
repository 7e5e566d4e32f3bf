// The JSON request readers as the routes use them: a body is parsed (wire::parse_object),
// digested (dump, for Idempotency-Key), read as a meeting draft for POST, merged over a
// stored meeting and read again for PATCH, and read by the small bodies' ObjectReaders.
// Every refusal must be a typed error (api::HttpError 400 or a sched::DomainError); any
// other exception, a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "http/http_error.hpp"
#include "scheduler/errors.hpp"
#include "wire/json_reader.hpp"
#include "wire/resources_json.hpp"

namespace {

using nlohmann::json;

// What `draft_fields(meeting_json(stored))` gives for a booked meeting: the PATCH base.
const json& stored_meeting_fields() {
  static const json fields = json::parse(R"({
    "title": "Giao ban tháng 1", "type": "briefing", "organiser_org_id": 1,
    "chair": {"name": "Nguyễn Văn A", "position": "Chủ tịch UBND tỉnh"}, "host_room_id": 1,
    "room_ids": [1, 2, 3], "start": "2027-01-11T08:00:00+07:00", "end": "2027-01-11T11:00:00+07:00",
    "agenda": [{"title": "Khai mạc", "minutes": 10}], "ad_hoc": false})");
  return fields;
}

template <typename F>
void refused_with_typed_error(F&& read) {
  try {
    read();
  } catch (const api::HttpError& e) {
    FUZZ_CHECK(e.status() == 400);
  } catch (const sched::DomainError&) {
  }
}

// The readers of the small bodies (moderation, media nodes, tokens, rooms, reasons).
void read_small_bodies(const json& body) {
  refused_with_typed_error([&] {
    wire::ObjectReader r(body, "", {"action", "room_id", "layout", "name", "capacity_legs", "state", "reason",
                                    "sent_at", "active", "rules"});
    (void)r.opt_string("action", 40);
    (void)r.opt_id("room_id");
    (void)r.opt_int("capacity_legs", 1, 100000);
    (void)r.boolean("active", true);
    (void)r.opt_instant("sent_at");
    (void)r.strings("rules", 20);
    (void)r.string("reason", 2000);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  json body;
  try {
    body = wire::parse_object(text);
  } catch (const api::HttpError& e) {
    FUZZ_CHECK(e.status() == 400);
    return 0;
  }
  FUZZ_CHECK(body.is_object());
  (void)body.dump();  // the Idempotency-Key digest is taken over this

  refused_with_typed_error([&] {
    const auto draft = wire::draft_from_json(body);
    FUZZ_CHECK(draft.organiser_org_id > 0 && draft.host_room_id > 0);
  });

  refused_with_typed_error([&] {
    json merged = stored_meeting_fields();
    merged.merge_patch(body);
    (void)wire::draft_from_json(merged);
  });

  read_small_bodies(body);
  return 0;
}
