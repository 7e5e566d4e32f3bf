#include "conductor/moderation_relay.hpp"

#include <thread>

#include "log/log.hpp"
#include "scheduler/errors.hpp"

namespace conductor {
namespace {

constexpr int kGivenUpAfterSeconds = 15;  // longer than any caller waits
constexpr auto kPollEvery = std::chrono::milliseconds(20);

[[noreturn]] void refuse(const sched::ModerationRecord& r) {
  const auto& o = *r.outcome;
  if (o == "not_found") throw sched::NotFound(r.detail);
  if (o == "invalid_input") throw sched::InvalidInput(r.field, r.detail);
  if (o == "invalid_transition") throw sched::InvalidTransition(r.detail);
  if (o == "unavailable") throw sched::Unavailable(r.detail);
  throw sched::Unavailable("the conductor answered '" + o + "', which this version does not know");
}

}  // namespace

void ModerationRelay::ask(const ModerationRequest& request) {
  const auto id = queue_.request_moderation(request.meeting.value, std::string(to_string(request.action)),
                                            request.room ? std::optional(request.room->value) : std::nullopt,
                                            request.argument);
  const auto deadline = std::chrono::steady_clock::now() + answer_within_;
  // The answer is a row another process writes: read it until it is there, for a bounded time.
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(kPollEvery);
    const auto answer = queue_.moderation(id);
    if (!answer || !answer->outcome) continue;
    if (*answer->outcome == "done") return;
    refuse(*answer);
  }
  throw sched::Unavailable("the conducting process did not answer in time; try again");
}

std::size_t ModerationRelay::serve(Moderator& moderator) {
  const auto pending = queue_.pending_moderations(kGivenUpAfterSeconds);
  for (const auto& r : pending) {
    std::string outcome = "done", field, detail;
    try {
      const auto action = moderation_from(r.action);
      if (!action) throw sched::InvalidInput("action", "unknown action '" + r.action + "'");
      moderator.moderate({MeetingId(r.meeting_id), *action,
                          r.room_id ? std::optional(RoomId(*r.room_id)) : std::nullopt, r.argument});
    } catch (const sched::NotFound& e) {
      outcome = "not_found", detail = e.what();
    } catch (const sched::InvalidInput& e) {
      outcome = "invalid_input", field = e.field(), detail = e.what();
    } catch (const sched::InvalidTransition& e) {
      outcome = "invalid_transition", detail = e.what();
    } catch (const sched::Unavailable& e) {
      outcome = "unavailable", detail = e.what();
    } catch (const std::exception& e) {
      logging::warn("moderation " + std::to_string(r.id) + ": " + e.what());
      outcome = "unavailable", detail = "the media node could not do this now";
    }
    queue_.answer_moderation(r.id, outcome, field, detail);
  }
  return pending.size();
}

}  // namespace conductor
