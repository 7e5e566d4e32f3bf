#include "conductor/node_registry.hpp"

#include "scheduler/errors.hpp"

namespace conductor {

constexpr int kOfflineAfterFailures = 3;

NodeRegistry::NodeRegistry(sched::LiveRepository& live, EmbeddedNode embedded, BackendFactory remote)
    : live_(live), embedded_(std::move(embedded)), remote_(std::move(remote)) {
  embedded_id_ = NodeId(live_.ensure_node(embedded_.name, embedded_.address, embedded_.capacity_legs).id);
  backends_[embedded_id_] = embedded_.backend;
}

sched::MediaNodeRecord NodeRegistry::add(const std::string& name, const std::string& address, int capacity_legs) {
  if (name == embedded_.name) throw sched::InvalidInput("name", "that name is the embedded node's");
  Backend driver;
  try {
    driver = remote_(address);
  } catch (const media::InvalidInput& e) {
    throw sched::InvalidInput("address", e.what());
  }
  auto record = live_.ensure_node(name, address, capacity_legs);
  std::lock_guard lock(mutex_);
  backends_[NodeId(record.id)] = std::move(driver);
  return record;
}

Backend NodeRegistry::known(NodeId node) {
  std::lock_guard lock(mutex_);
  auto it = backends_.find(node);
  return it == backends_.end() ? nullptr : it->second;
}

// A node registered by another process: its driver is made from its stored address.
Backend NodeRegistry::learn(const sched::MediaNodeRecord& record) {
  if (record.name == embedded_.name) return nullptr;  // another process's embedded node: not ours to drive
  Backend driver;
  try {
    driver = remote_(record.address);
  } catch (const std::exception&) {
    return nullptr;
  }
  std::lock_guard lock(mutex_);
  auto& slot = backends_[NodeId(record.id)];
  if (!slot) slot = driver;
  return slot;
}

Backend NodeRegistry::backend(NodeId node) {
  if (auto b = known(node)) return b;
  for (const auto& n : live_.nodes())
    if (n.id == node.value)
      if (auto b = learn(n)) return b;
  throw sched::Unavailable("media node " + std::to_string(node.value) + " cannot be reached from this process");
}

std::vector<sched::MediaNodeRecord> NodeRegistry::probe() {
  std::vector<sched::MediaNodeRecord> gone;
  for (const auto& n : live_.nodes()) {
    Backend b = known(NodeId(n.id));
    if (!b) b = learn(n);
    if (!b) continue;
    const bool ok = b->healthy();
    if (live_.record_node_probe(n.id, ok, kOfflineAfterFailures)) gone.push_back(n);
  }
  return gone;
}

NodeId NodeRegistry::place(std::size_t legs, const std::map<NodeId, std::size_t>& used) {
  std::optional<NodeId> best;
  long long best_free = -1;
  for (const auto& n : live_.nodes()) {
    if (n.state != sched::NodeState::enabled || !n.online) continue;
    if (!known(NodeId(n.id))) continue;
    const auto it = used.find(NodeId(n.id));
    const long long free = n.capacity_legs - static_cast<long long>(it == used.end() ? 0 : it->second);
    if (free >= static_cast<long long>(legs) && free > best_free) {
      best = NodeId(n.id);
      best_free = free;
    }
  }
  if (!best) throw sched::Unavailable("no enabled media node has room for " + std::to_string(legs) + " halls");
  return *best;
}

}  // namespace conductor
