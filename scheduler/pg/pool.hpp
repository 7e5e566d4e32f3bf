#pragma once
// A fixed-size pool of PostgreSQL connections. A libpqxx connection is single-threaded,
// so each caller leases one for the length of a unit of work and gives it back.
// Contract: acquire() blocks until a connection is free or the timeout passes
// (then throws PoolExhausted); a broken connection is replaced on the next lease; a
// database that cannot be reached gives sched::Unavailable.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "scheduler/errors.hpp"

namespace sched::pg {

// Thrown when no connection frees up in time.
class PoolExhausted : public sched::Unavailable {
 public:
  using sched::Unavailable::Unavailable;
};

class Pool;

// A leased connection; returns itself to the pool when destroyed.
class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<pqxx::connection> c, std::uint64_t generation);
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();
  pqxx::connection& operator*() const { return *conn_; }
  pqxx::connection* operator->() const { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
  std::uint64_t generation_;  // the pool's generation when the connection was opened
};

class Pool {
 public:
  Pool(std::string url, std::size_t size,
       std::chrono::milliseconds acquire_timeout = std::chrono::seconds(10));
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  [[nodiscard]] Lease acquire();

  // Whether `error` says the connection to PostgreSQL was lost, or that it leads to a server
  // that can no longer write (a standby after a failover, a server shutting down). Then the
  // connections opened before are all suspect: each is closed instead of being reused.
  [[nodiscard]] bool lost_connection(std::exception_ptr error);
  // Whether `error` says the server is out of a resource (SQLSTATE class 53: disk full,
  // out of memory, too many connections): nothing was written, and it is worth trying later.
  [[nodiscard]] static bool out_of_resources(std::exception_ptr error);
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool ping();  // true when the database answers

 private:
  friend class Lease;
  void give_back(std::unique_ptr<pqxx::connection> c, std::uint64_t generation);
  std::unique_ptr<pqxx::connection> connect() const;

  std::string url_;
  std::size_t size_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::pair<std::unique_ptr<pqxx::connection>, std::uint64_t>> idle_;  // with their generation
  std::size_t opened_ = 0;
  std::uint64_t generation_ = 0;  // moves on when a lost connection is seen
};

// One statement in a transaction of its own, committed: the shape of every
// single-statement write of the store.
template <class... Params>
void execute(Pool& pool, const std::string& sql, Params&&... params) {
  auto conn = pool.acquire();
  pqxx::work tx(*conn);
  tx.exec_params(sql, std::forward<Params>(params)...);
  tx.commit();
}

}  // namespace sched::pg
