#include "pg/pool.hpp"

#include <pqxx/pqxx>

namespace sched::pg {

Lease::Lease(Pool& pool, std::unique_ptr<pqxx::connection> c) : pool_(&pool), conn_(std::move(c)) {}
Lease::Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) {}
Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_));
}

Pool::Pool(std::string url, std::size_t size, std::chrono::milliseconds acquire_timeout)
    : url_(std::move(url)), size_(size == 0 ? 1 : size), timeout_(acquire_timeout) {}

Pool::~Pool() = default;

std::unique_ptr<pqxx::connection> Pool::connect() const {
  try {
    return std::make_unique<pqxx::connection>(url_);
  } catch (const pqxx::broken_connection&) {
    throw sched::Unavailable("the database cannot be reached");
  }
}

Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, timeout_, [&] { return !idle_.empty() || opened_ < size_; }))
    throw PoolExhausted("no database connection became free in time");
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    if (c->is_open()) return Lease(*this, std::move(c));
    --opened_;  // broken: replace it below
  }
  ++opened_;
  lock.unlock();
  try {
    return Lease(*this, connect());
  } catch (...) {
    std::lock_guard relock(mutex_);
    --opened_;
    available_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> c) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(c));
  available_.notify_one();
}

bool Pool::ping() {
  try {
    auto lease = acquire();
    pqxx::nontransaction tx(*lease);
    tx.exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace sched::pg
