#pragma once
// Which HTTP connections may stay open: caps on connections in all and per client, and how
// long a connection may stay in each phase. Pure bookkeeping (standard library only): the
// server asks it and acts; the clock is passed in.
//
// At a cap, the newcomer is not simply refused: the oldest connections that give nothing to
// serve — idle between requests, or still trickling in a request head — give way to it, so
// that thousands of idle or byte-a-second connections cannot lock out a normal client from
// the same address. Those that never completed a request go first, so that a client's
// kept-alive connection outlives a flood of new ones that only wait. Only when every connection is busy answering or receiving a body is the
// newcomer refused (the server answers 503).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace api {

struct ConnectionLimits {
  std::size_t max_connections = 8192;  // all clients together (also bounded by the descriptor limit)
  std::size_t max_per_client = 1024;   // from one client address
  std::chrono::milliseconds idle_timeout{15000};  // kept alive with no request begun
  std::chrono::milliseconds head_timeout{10000};  // from a request's first byte to its whole head
  std::chrono::milliseconds body_timeout{30000};  // from the head to the whole body
  std::chrono::milliseconds close_grace{2000};    // after the answer that closes, before the cut
};

enum class ConnPhase { idle, head, body, busy, closing };  // busy: a request is being answered

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = std::uint64_t;

  explicit ConnectionTable(ConnectionLimits limits) : limits_(limits) {}

  struct Admission {
    bool accepted = false;
    std::vector<Id> evicted;  // removed from the table: the server closes them
  };
  Admission admit(Id id, const std::string& client, Clock::time_point now);
  void set_phase(Id id, ConnPhase phase, Clock::time_point now);  // `since` moves only on a change
  void remove(Id id);

  // Connections that have stayed in their phase longer than allowed (busy never expires).
  [[nodiscard]] std::vector<std::pair<Id, ConnPhase>> expired(Clock::time_point now) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] std::size_t of_client(const std::string& client) const;
  [[nodiscard]] const ConnectionLimits& limits() const { return limits_; }

 private:
  struct Entry {
    std::string client;
    ConnPhase phase;
    Clock::time_point since;
    bool served = false;  // a request of it has been answered (or is being answered)
  };
  // The connection that gives way first (idle or in its head; one never served before one
  // that was; then the oldest), of `client` or of anyone.
  [[nodiscard]] bool oldest_yielding(const std::string* client, Id& out) const;

  ConnectionLimits limits_;
  std::unordered_map<Id, Entry> entries_;
  std::unordered_map<std::string, std::size_t> per_client_;
};

}  // namespace api
