#pragma once
// What the route handlers use, wired once in main() (the composition root).
#include <functional>

#include "auth/principal_cache.hpp"
#include "scheduler/access.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/delivery.hpp"
#include "scheduler/live.hpp"
#include "scheduler/repositories.hpp"

namespace conductor {
class Conductor;
}
namespace api::webrtc {
class BrowserLegs;
}

namespace api {

struct Services {
  sched::OrgDirectory& orgs;
  sched::RoomDirectory& rooms;
  sched::MeetingRepository& meetings;
  sched::AccessRepository& access;
  sched::LiveRepository& live_data;
  sched::BookingService& booking;
  const sched::Policy& policy;
  const sched::TimeZone& zone;
  std::function<bool()> database_ready;
  std::function<sched::Instant()> clock;
  auth::PrincipalCache& principals;
  conductor::Conductor* live = nullptr;  // running meetings; absent where no media runs (route table tests)
  std::string web_dir = {};              // the web pages' folder (api/web); empty: the pages answer 404
  webrtc::BrowserLegs* browser_legs = nullptr;  // WHIP; absent without a WebRTC edge
  sched::DeliveryRepository* deliveries = nullptr;  // invitations' outbox; absent in route table tests
};

}  // namespace api
