#include "http/problem.hpp"

#include <nlohmann/json.hpp>

#include "http/http_error.hpp"
#include "log/log.hpp"
#include "scheduler/errors.hpp"
#include "wire/time_text.hpp"

namespace api {
namespace {

using nlohmann::json;

std::string type_uri(const std::string& slug) { return "https://meetingd.invalid/problems/" + slug; }

Response make(int status, const std::string& slug, const std::string& title, const std::string& detail,
              json extra = json::object()) {
  json body = {{"type", type_uri(slug)}, {"title", title}, {"status", status}, {"detail", detail}};
  body.update(extra);
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace

Response problem_response(std::exception_ptr error, const sched::TimeZone& zone) {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return make(e.status(), std::to_string(e.status()), e.title(), e.what());
  } catch (const sched::RuleViolation& e) {
    json v = json::array();
    for (const auto& x : e.violations())
      v.push_back({{"rule", x.rule}, {"article", x.article}, {"message", x.message}, {"overridable", x.overridable}});
    return make(422, "rule-violation", "The booking breaks the meeting rules", e.what(), {{"violations", v}});
  } catch (const sched::Conflict& e) {
    json c = json::array();
    for (const auto& x : e.conflicts()) {
      json item = {{"meeting_id", x.meeting_id}, {"start", wire::format_instant(x.slot.start, zone)},
                   {"end", wire::format_instant(x.slot.end, zone)}};
      item["room_id"] = x.room_id == 0 ? json(nullptr) : json(x.room_id);
      if (x.room_id == 0) item["chair"] = true;
      c.push_back(item);
    }
    return make(409, "conflict", "Conflict", e.what(), {{"conflicts", c}});
  } catch (const sched::InvalidInput& e) {
    return make(422, "invalid-input", "Invalid input", e.what(), {{"field", e.field()}});
  } catch (const sched::NotFound& e) {
    return make(404, "not-found", "Not found", e.what());
  } catch (const sched::StaleVersion& e) {
    return make(412, "stale", "Precondition failed", e.what());
  } catch (const sched::InvalidTransition& e) {
    return make(409, "invalid-transition", "Conflict with the meeting's state", e.what());
  } catch (const sched::Unavailable& e) {
    logging::warn(std::string("unavailable: ") + e.what());
    auto r = make(503, "unavailable", "Service unavailable", "a dependency is unavailable; try again shortly");
    r.headers["Retry-After"] = "2";
    return r;
  } catch (const std::exception& e) {
    logging::error(std::string("internal error: ") + e.what());
  } catch (...) {
    logging::error("internal error of unknown type");
  }
  return make(500, "internal", "Internal error", "the server could not complete the request");
}

}  // namespace api
