#pragma once
// What an invitation, change, postponement, cancellation or reminder says, in Vietnamese:
// the subject and the text part of the e-mail to one invited organisation.
#include <optional>
#include <string>

#include "scheduler/delivery.hpp"
#include "scheduler/meeting.hpp"

namespace notify {

struct InvitationFacts {
  const sched::Meeting& meeting;
  sched::DeliveryEventKind kind;
  std::string addressee;      // the organisation's name
  std::string organiser;      // the organising organisation's name
  std::string host_hall;      // the host hall's name
  std::string own_hall;       // the addressee's invited hall (empty when none)
  std::string join_link;      // the page the addressee's hall joins from
};

std::string invitation_subject(const InvitationFacts& f);
std::string invitation_text(const InvitationFacts& f, const sched::TimeZone& zone);

}  // namespace notify
