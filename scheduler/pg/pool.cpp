#include "pg/pool.hpp"

#include <pqxx/pqxx>

namespace sched::pg {

Lease::Lease(Pool& pool, std::unique_ptr<pqxx::connection> c, std::uint64_t generation)
    : pool_(&pool), conn_(std::move(c)), generation_(generation) {}
Lease::Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)), generation_(o.generation_) {}
Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_), generation_);
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
    auto [c, generation] = std::move(idle_.back());
    idle_.pop_back();
    if (c->is_open() && generation == generation_) return Lease(*this, std::move(c), generation);
    --opened_;  // broken or suspect: replace it below
  }
  ++opened_;
  const auto generation = generation_;
  lock.unlock();
  try {
    return Lease(*this, connect(), generation);
  } catch (...) {
    std::lock_guard relock(mutex_);
    --opened_;
    available_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<pqxx::connection> c, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation == generation_ && c->is_open()) {
    idle_.emplace_back(std::move(c), generation);
  } else {
    --opened_;  // closed here, outside the pool's reach from now on
  }
  available_.notify_one();
}

bool Pool::lost_connection(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::broken_connection&) {
  } catch (const pqxx::in_doubt_error&) {  // lost during COMMIT: whether it happened is unknown
  } catch (const pqxx::sql_error& e) {
    const auto& state = e.sqlstate();
    // 08: connection exceptions; 57P01-03: the server is shutting down or starting;
    // 25006: a read-only transaction (the server is a standby now).
    if (state.rfind("08", 0) != 0 && state != "57P01" && state != "57P02" && state != "57P03" && state != "25006")
      return false;
  } catch (...) {
    return false;
  }
  std::lock_guard lock(mutex_);
  ++generation_;
  opened_ -= idle_.size();
  idle_.clear();
  available_.notify_all();
  return true;
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

bool Pool::out_of_resources(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate().rfind("53", 0) == 0;
  } catch (...) {
    return false;
  }
}

}  // namespace sched::pg
