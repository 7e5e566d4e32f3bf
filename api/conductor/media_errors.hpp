#pragma once
// Media's errors become the domain's, so that the API maps them in its one place.
#include "media/node_types.hpp"
#include "scheduler/errors.hpp"

namespace conductor {

template <typename F>
auto media_call(F f) {
  try {
    return f();
  } catch (const media::NotFound& e) {
    throw sched::NotFound(e.what());
  } catch (const media::InvalidInput& e) {
    throw sched::InvalidInput("media", e.what());
  } catch (const media::Unavailable& e) {
    throw sched::Unavailable(e.what());
  }
}

}  // namespace conductor
