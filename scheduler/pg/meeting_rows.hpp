#pragma once
// Reading and writing one meeting's rows (the meeting and its child tables) inside a
// transaction the caller owns. Used by meeting_queries.cpp only.
#include <optional>
#include <string>
#include <vector>

#include "scheduler/repositories.hpp"

namespace pqxx { class transaction_base; }

namespace sched::pg {

// Inserts the meeting and its rooms, selectors, agenda, documents and delegations, and its
// invitation's outbox event (announced at `announced_at`); returns the meeting as stored (no
// read-back: the booking plus what the insert returned). With `named`, the same statement
// checks that those organisations exist and rooms are active; NamedMissing (nothing written)
// when not.
Meeting insert_meeting(pqxx::transaction_base& tx, const Booking& b, std::optional<long long> series_id,
                       const std::string& actor, Instant announced_at, const MustExist* named = nullptr);
// Whether insert_meeting writes all of `b` in its one statement (no selectors, no delegations):
// then a single booking needs no transaction of its own around it.
bool written_by_insert_alone(const Booking& b);
// Writes the child rows of meeting `id` from `b`; `fresh` when the meeting has none yet (its
// rooms, agenda and documents were written by insert_meeting).
void write_children(pqxx::transaction_base& tx, long long id, const Booking& b, bool holds_slot, bool fresh = false);
// Loads whole meetings, in the order of `ids`.
std::vector<Meeting> load_meetings(pqxx::transaction_base& tx, const std::vector<long long>& ids);
void record_event(pqxx::transaction_base& tx, long long id, const std::string& actor, const std::string& event,
                  const std::string& from, const std::string& to, const std::string& reason);

}  // namespace sched::pg
