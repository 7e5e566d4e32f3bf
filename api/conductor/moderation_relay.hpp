#pragma once
// Carries the organiser's moderation from any API process to the conducting one, which
// holds the media sessions: ask() writes a durable request (a row, announced by NOTIFY)
// and waits for its answer; serve(), in the conducting process, carries out what is
// pending and writes each answer back. A refusal comes back as the same typed error the
// conductor raised.
//
// Threading: any thread; holds no lock of its own.
#include <chrono>

#include "conductor/moderator.hpp"
#include "scheduler/live.hpp"

namespace conductor {

class ModerationRelay {
 public:
  explicit ModerationRelay(sched::ModerationQueue& queue, std::chrono::milliseconds answer_within = std::chrono::seconds(10))
      : queue_(queue), answer_within_(answer_within) {}

  // Throws what the conductor threw, or sched::Unavailable when no answer came in time.
  void ask(const ModerationRequest& request);
  // Carries out the pending requests with `moderator`; returns how many.
  std::size_t serve(Moderator& moderator);

 private:
  sched::ModerationQueue& queue_;
  const std::chrono::milliseconds answer_within_;
};

}  // namespace conductor
