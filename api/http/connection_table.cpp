#include "http/connection_table.hpp"

namespace api {

bool ConnectionTable::oldest_yielding(const std::string* client, Id& out) const {
  const Entry* best = nullptr;
  for (const auto& [id, e] : entries_) {
    if (e.phase != ConnPhase::idle && e.phase != ConnPhase::head && e.phase != ConnPhase::closing) continue;
    if (client != nullptr && e.client != *client) continue;
    const bool better = best == nullptr || (!e.served && best->served) ||
                        (e.served == best->served && e.since < best->since);
    if (better) {
      best = &e;
      out = id;
    }
  }
  return best != nullptr;
}

ConnectionTable::Admission ConnectionTable::admit(Id id, const std::string& client, Clock::time_point now) {
  Admission a;
  auto make_room = [&](const std::string* of) {
    Id victim = 0;
    if (!oldest_yielding(of, victim)) return false;
    remove(victim);
    a.evicted.push_back(victim);
    return true;
  };
  if (of_client(client) >= limits_.max_per_client && !make_room(&client)) return a;
  if (entries_.size() >= limits_.max_connections && !make_room(nullptr)) return a;
  entries_[id] = Entry{client, ConnPhase::idle, now};
  ++per_client_[client];
  a.accepted = true;
  return a;
}

void ConnectionTable::set_phase(Id id, ConnPhase phase, Clock::time_point now) {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.phase == phase) return;
  if (phase == ConnPhase::busy) it->second.served = true;
  it->second.phase = phase;
  it->second.since = now;
}

void ConnectionTable::remove(Id id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  auto c = per_client_.find(it->second.client);
  if (c != per_client_.end() && --c->second == 0) per_client_.erase(c);
  entries_.erase(it);
}

std::vector<std::pair<ConnectionTable::Id, ConnPhase>> ConnectionTable::expired(Clock::time_point now) const {
  std::vector<std::pair<Id, ConnPhase>> out;
  for (const auto& [id, e] : entries_) {
    std::chrono::milliseconds limit{};
    switch (e.phase) {
      case ConnPhase::idle: limit = limits_.idle_timeout; break;
      case ConnPhase::head: limit = limits_.head_timeout; break;
      case ConnPhase::body: limit = limits_.body_timeout; break;
      case ConnPhase::closing: limit = limits_.close_grace; break;
      case ConnPhase::busy: continue;
    }
    if (now - e.since > limit) out.emplace_back(id, e.phase);
  }
  return out;
}

std::size_t ConnectionTable::of_client(const std::string& client) const {
  auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

}  // namespace api
