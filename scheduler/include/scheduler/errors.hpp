#pragma once
// Typed domain errors. Each carries a message meant for the client (no internals);
// the API maps them to RFC 9457 problem+json in one place (api/http/problem.cpp).
#include <stdexcept>
#include <string>
#include <vector>

#include "scheduler/time.hpp"

namespace sched {

class DomainError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The request names something that does not exist (or is outside the caller's view).
class NotFound : public DomainError {
 public:
  using DomainError::DomainError;
};

// The input is malformed or inconsistent; `field` names the offending field when known.
class InvalidInput : public DomainError {
 public:
  InvalidInput(std::string field, const std::string& message) : DomainError(message), field_(std::move(field)) {}
  [[nodiscard]] const std::string& field() const { return field_; }

 private:
  std::string field_;
};

// One broken rule of the policy: which rule, which article or source, what was wrong.
struct Violation {
  std::string rule;
  std::string article;
  std::string message;
  bool overridable = false;
  bool operator==(const Violation&) const = default;
};

class RuleViolation : public DomainError {
 public:
  explicit RuleViolation(std::vector<Violation> v)
      : DomainError("the booking breaks the meeting rules"), violations_(std::move(v)) {}
  [[nodiscard]] const std::vector<Violation>& violations() const { return violations_; }

 private:
  std::vector<Violation> violations_;
};

// A room or the chair is already booked in an overlapping slot.
struct ConflictingBooking {
  long long meeting_id = 0;
  long long room_id = 0;  // 0 when the conflict is on the chair
  Interval slot;
};

class Conflict : public DomainError {
 public:
  Conflict(const std::string& message, std::vector<ConflictingBooking> c)
      : DomainError(message), conflicts_(std::move(c)) {}
  [[nodiscard]] const std::vector<ConflictingBooking>& conflicts() const { return conflicts_; }

 private:
  std::vector<ConflictingBooking> conflicts_;
};

// A state-machine transition that the current state does not allow.
class InvalidTransition : public DomainError {
 public:
  using DomainError::DomainError;
};

// Optimistic concurrency: the caller's version is stale.
class StaleVersion : public DomainError {
 public:
  using DomainError::DomainError;
};

// A dependency (the database, a media node) cannot be reached or is saturated; retry later.
class Unavailable : public DomainError {
 public:
  using DomainError::DomainError;
};

}  // namespace sched
