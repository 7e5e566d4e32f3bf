#pragma once
// What the domain needs from storage. The PostgreSQL store (scheduler/pg) implements
// these; every method is one transaction. Errors: NotFound, Conflict (rooms or chair
// already booked — detected by the database's exclusion constraints), StaleVersion,
// InvalidTransition, InvalidInput.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scheduler/access.hpp"
#include "scheduler/meeting.hpp"
#include "scheduler/org.hpp"
#include "scheduler/room.hpp"

namespace sched {

// A number that changes whenever stored data may have changed, in this process or any
// other; read caches are valid while it stays the same. bump() announces a local write.
class ChangeCounter {
 public:
  virtual ~ChangeCounter() = default;
  [[nodiscard]] virtual std::uint64_t generation() const = 0;
  virtual void bump() = 0;
};

struct Page {
  int limit = 50;
  int offset = 0;
};

template <typename T>
struct PageOf {
  std::vector<T> items;
  long long total = 0;
};

struct OrgFilter {
  std::optional<OrgLevel> level;
  std::optional<long long> parent_id;
  std::optional<Date> as_of;
};

class OrgDirectory {
 public:
  virtual ~OrgDirectory() = default;
  [[nodiscard]] virtual std::optional<Org> find_org(long long id) = 0;
  [[nodiscard]] virtual std::vector<Org> orgs_valid_on(Date day) = 0;
  [[nodiscard]] virtual PageOf<Org> list_orgs(const OrgFilter& f, Page p) = 0;
  // Units below `id` (children only, or the whole subtree) valid on `day`.
  [[nodiscard]] virtual std::vector<Org> children(long long id, Date day) = 0;
  [[nodiscard]] virtual std::vector<Org> subtree(long long id, Date day) = 0;
  // `id` and every unit below it, whatever the dates (access scopes span reforms).
  [[nodiscard]] virtual std::vector<long long> subtree_ids_any_date(long long id) = 0;
};

struct RoomFilter {
  std::optional<long long> org_id;
  std::optional<bool> active;
  std::optional<std::vector<long long>> org_ids;  // scope: rooms of these organisations
};

// What a booking names, looked up together: the organisations among those asked for that
// exist, and the rooms among those asked for that exist (with their state).
struct NamedInBooking {
  std::vector<long long> org_ids;
  std::vector<Room> rooms;
};

class RoomDirectory {
 public:
  virtual ~RoomDirectory() = default;
  [[nodiscard]] virtual std::optional<Room> find_room(long long id) = 0;
  // The organisations (asked of `orgs`) and rooms a booking names, in any order; missing ones
  // are left out. One look-up each here; a store holding both answers in one query.
  [[nodiscard]] virtual NamedInBooking find_named(const std::vector<long long>& org_ids,
                                                  const std::vector<long long>& room_ids, OrgDirectory& orgs) {
    NamedInBooking out;
    for (long long id : org_ids)
      if (orgs.find_org(id)) out.org_ids.push_back(id);
    for (long long id : room_ids)
      if (auto r = find_room(id)) out.rooms.push_back(std::move(*r));
    return out;
  }
  [[nodiscard]] virtual PageOf<Room> list_rooms(const RoomFilter& f, Page p) = 0;
  [[nodiscard]] virtual std::vector<long long> active_rooms_of(const std::vector<long long>& org_ids) = 0;
  virtual Room create_room(const Room& r) = 0;
  virtual Room update_room(const Room& r) = 0;  // NotFound when missing
};

struct MeetingFilter {
  std::optional<Instant> from;  // meetings ending after
  std::optional<Instant> to;    // meetings starting before
  std::optional<long long> room_id;
  std::optional<long long> org_id;
  std::optional<MeetingStatus> status;
  std::optional<std::vector<long long>> org_scope;   // organiser in these orgs...
  std::optional<std::vector<long long>> room_scope;  // ...or one of these rooms invited
};

// A booking ready to be written: the draft with its rooms resolved.
struct Booking {
  MeetingDraft draft;  // room_ids holds every invited room (explicit and from selectors)
};

// An Idempotency-Key held by the booking's own transaction: the key is claimed before the
// meetings are written, and `answer` (what the client is told, made from the meetings just
// written; it must not touch the database) is stored with them in the same commit. So every
// retry, whatever crashed when, finds the first answer; a concurrent request with the same
// key waits for the first one's commit and is given its answer (AlreadyAnswered).
struct IdempotencyClaim {
  long long token_id = 0;
  std::string key;
  std::string request_hash;
  std::function<RememberedAnswer(const std::vector<Meeting>&)> answer;
};

// Not a failure: create() found the claim's key answered already; give `answer` again.
class AlreadyAnswered : public std::exception {
 public:
  explicit AlreadyAnswered(RememberedAnswer answer) : answer_(std::move(answer)) {}
  [[nodiscard]] const RememberedAnswer& answer() const { return answer_; }
  [[nodiscard]] const char* what() const noexcept override { return "the Idempotency-Key was answered before"; }

 private:
  RememberedAnswer answer_;
};

// What a booking names that must be there when it is written: these organisations exist, these
// rooms exist and are active. Handed to create() so that a store checks them in the write
// itself instead of a look-up before it (one round trip less).
struct MustExist {
  std::vector<long long> org_ids;   // distinct
  std::vector<long long> room_ids;  // distinct
};

// Not a failure for a client: create() was given a MustExist and one of them was missing or
// inactive, so nothing was written. The service then looks them up to say which.
class NamedMissing : public std::exception {
 public:
  [[nodiscard]] const char* what() const noexcept override {
    return "an organisation or room the booking names is missing or inactive";
  }
};

class MeetingRepository {
 public:
  virtual ~MeetingRepository() = default;
  // Writes all occurrences (one series when there are several) or none. With a claim whose
  // key was already answered, writes nothing and throws AlreadyAnswered. With `named`, writes
  // nothing and throws NamedMissing when one of them is missing (or a room inactive).
  virtual std::vector<Meeting> create(const std::vector<Booking>& occurrences, const std::string& actor,
                                      const IdempotencyClaim* claim = nullptr, const MustExist* named = nullptr) = 0;
  [[nodiscard]] virtual std::optional<Meeting> find(long long id) = 0;
  [[nodiscard]] virtual PageOf<Meeting> list(const MeetingFilter& f, Page p) = 0;
  // Replaces the booking's fields; StaleVersion when `expected_version` is not current.
  // `status` is the status after the change (a postponed meeting given a new time is scheduled again).
  virtual Meeting update(long long id, long long expected_version, const Booking& b, MeetingStatus status,
                         const std::string& actor) = 0;
  // Moves the status and records who and why; StaleVersion when expected_version is given and stale.
  virtual Meeting set_status(long long id, std::optional<long long> expected_version, MeetingStatus from,
                             MeetingStatus to, const std::string& event, const std::string& reason,
                             const std::string& actor) = 0;
  // Records that the conclusion notice was issued at `sent_at`.
  virtual Meeting record_conclusion(long long id, Instant sent_at, const std::string& actor) = 0;
  // Meetings that owe a conclusion notice whose deadline has passed by `today`.
  [[nodiscard]] virtual std::vector<Meeting> ended_awaiting_conclusion() = 0;
};

}  // namespace sched
