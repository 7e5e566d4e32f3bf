// bench_booking: how fast sched::BookingService books meetings against a real PostgreSQL.
//
// Against a fresh database: migrates, imports the province's organisations, gives every
// organisation one hall (ensure_one_room_per_org), keeps 200 of them, then books the same
// 10,000 generated requests with 1, 2 and 8 threads (the meeting tables are emptied between
// runs, so every run starts from the same state and refuses about the same share of
// conflicts). Every booking goes through BookingService::book: validate_draft, check_rooms
// (organisation and room look-ups), selector resolution, check_booking with the shipped
// policy, then Store::create (exclusion constraints decide conflicts).
//
// The store is wrapped in a decorator that times every call into it, so that the time a
// booking spends in the database (look-ups, selector queries, the write) is separated from
// the time spent in the process (validate_draft, check_booking, resolve_selectors, copying).
// A second, database-free pass times validate_draft + check_booking + resolve_selectors
// directly over the same requests.
//
// Output: a table on stdout and one `RESULT key=value ...` line per figure (run.sh reads them).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ical/recurrence.hpp"
#include "json/admin_units.hpp"
#include "json/policy_json.hpp"
#include "pg/migrations.hpp"
#include "pg/store.hpp"
#include "scheduler/booking_service.hpp"
#include "scheduler/rules.hpp"
#include "scheduler/selectors.hpp"
#include "tz/zone.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Options {
  std::string url;
  std::string admin_units = "/work/shared/data/admin-units";
  std::string departments = "deploy/demo/departments.json";
  std::string policy = "scheduler/policy/decree45.json";
  int meetings = 10000;
  int halls = 200;
  int window_days = 255;  // working days from 2027-01-04 (to late December) over which meetings are spread
  std::vector<int> threads{1, 2, 8};
  unsigned seed = 20261127;
};

long long ns_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
}

// Nanoseconds spent in each kind of store call, per thread (summed after a run).
struct Spent {
  long long lookup = 0;     // find_named (BookingService::check_rooms)
  long long selector = 0;   // orgs_valid_on, active_rooms_of (selector resolution, database part)
  long long write = 0;      // create (the transaction; on conflict also the read that names it)
  long long lookups = 0;    // number of look-up calls
  long long selector_calls = 0;
};
thread_local Spent* t_spent = nullptr;

// Forwards to the PostgreSQL store, timing each call the booking path makes.
class TimedStore final : public sched::OrgDirectory, public sched::RoomDirectory, public sched::MeetingRepository {
 public:
  explicit TimedStore(sched::pg::Store& s) : s_(s) {}

  template <typename F>
  static auto timed(long long Spent::*field, long long Spent::*count, F f) {
    const auto t0 = Clock::now();
    struct Add {
      long long Spent::*field;
      long long Spent::*count;
      Clock::time_point t0;
      ~Add() {
        if (!t_spent) return;
        t_spent->*field += ns_since(t0);
        if (count) t_spent->*count += 1;
      }
    } add{field, count, t0};
    return f();
  }

  std::optional<sched::Org> find_org(long long id) override {
    return timed(&Spent::lookup, &Spent::lookups, [&] { return s_.find_org(id); });
  }
  std::vector<sched::Org> orgs_valid_on(sched::Date day) override {
    return timed(&Spent::selector, &Spent::selector_calls, [&] { return s_.orgs_valid_on(day); });
  }
  sched::PageOf<sched::Org> list_orgs(const sched::OrgFilter& f, sched::Page p) override { return s_.list_orgs(f, p); }
  std::vector<sched::Org> children(long long id, sched::Date day) override { return s_.children(id, day); }
  std::vector<sched::Org> subtree(long long id, sched::Date day) override { return s_.subtree(id, day); }
  std::vector<long long> subtree_ids_any_date(long long id) override { return s_.subtree_ids_any_date(id); }

  std::optional<sched::Room> find_room(long long id) override {
    return timed(&Spent::lookup, &Spent::lookups, [&] { return s_.find_room(id); });
  }
  sched::NamedInBooking find_named(const std::vector<long long>& org_ids, const std::vector<long long>& room_ids,
                                   sched::OrgDirectory&) override {
    return timed(&Spent::lookup, &Spent::lookups, [&] { return s_.find_named(org_ids, room_ids, s_); });
  }
  sched::PageOf<sched::Room> list_rooms(const sched::RoomFilter& f, sched::Page p) override {
    return s_.list_rooms(f, p);
  }
  std::vector<long long> active_rooms_of(const std::vector<long long>& org_ids) override {
    return timed(&Spent::selector, &Spent::selector_calls, [&] { return s_.active_rooms_of(org_ids); });
  }
  sched::Room create_room(const sched::Room& r) override { return s_.create_room(r); }
  sched::Room update_room(const sched::Room& r) override { return s_.update_room(r); }

  std::vector<sched::Meeting> create(const std::vector<sched::Booking>& occurrences, const std::string& actor,
                                     const sched::IdempotencyClaim* claim = nullptr,
                                     const sched::MustExist* named = nullptr) override {
    return timed(&Spent::write, nullptr, [&] { return s_.create(occurrences, actor, claim, named); });
  }
  std::optional<sched::Meeting> find(long long id) override { return s_.find(id); }
  sched::PageOf<sched::Meeting> list(const sched::MeetingFilter& f, sched::Page p) override { return s_.list(f, p); }
  sched::Meeting update(long long id, long long expected_version, const sched::Booking& b, sched::MeetingStatus status,
                        const std::string& actor) override {
    return s_.update(id, expected_version, b, status, actor);
  }
  sched::Meeting set_status(long long id, std::optional<long long> expected_version, sched::MeetingStatus from,
                            sched::MeetingStatus to, const std::string& event, const std::string& reason,
                            const std::string& actor) override {
    return s_.set_status(id, expected_version, from, to, event, reason, actor);
  }
  sched::Meeting record_conclusion(long long id, sched::Instant sent_at, const std::string& actor) override {
    return s_.record_conclusion(id, sent_at, actor);
  }
  std::vector<sched::Meeting> ended_awaiting_conclusion() override { return s_.ended_awaiting_conclusion(); }

 private:
  sched::pg::Store& s_;
};

struct Hall {
  long long room_id;
  long long org_id;
};

// The requests: working days from 2027-01-04, office hours, 0-4 invited halls, a mix of
// Decision-45 types (about 1% too long for their type, refused by check_booking) and 2%
// that invite every department by selector.
std::vector<sched::MeetingDraft> make_drafts(const Options& o, const std::vector<Hall>& halls,
                                             const sched::TimeZone& zone) {
  std::mt19937_64 rng(o.seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned long long>(n)); };
  std::vector<std::chrono::sys_days> days;
  for (auto d = std::chrono::sys_days{std::chrono::year{2027} / 1 / 4}; static_cast<int>(days.size()) < o.window_days;
       d += std::chrono::days{1}) {
    const std::chrono::weekday wd{d};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) days.push_back(d);
  }
  const std::vector<std::pair<sched::MeetingType, int>> types{
      {sched::MeetingType::other, 45},        {sched::MeetingType::briefing, 20},
      {sched::MeetingType::work_resolution, 10}, {sched::MeetingType::coordination, 10},
      {sched::MeetingType::professional, 10}, {sched::MeetingType::review, 5}};
  const int chairs = 150;
  std::vector<sched::MeetingDraft> out;
  out.reserve(static_cast<std::size_t>(o.meetings));
  for (int i = 0; i < o.meetings; ++i) {
    sched::MeetingDraft d;
    int t = pick(100);
    for (const auto& [type, share] : types) {
      if (t < share) {
        d.type = type;
        break;
      }
      t -= share;
    }
    const Hall& host = halls[static_cast<std::size_t>(pick(static_cast<int>(halls.size())))];
    d.title = "Họp giao ban số " + std::to_string(i + 1) + " về kế hoạch năm 2027";
    d.organiser_org_id = host.org_id;
    d.host_room_id = host.room_id;
    const int chair = pick(chairs);
    d.chair = {"Nguyễn Văn " + std::to_string(chair), chair == 0 ? "Chủ tịch UBND tỉnh" : "Giám đốc"};
    const int r = pick(100), invited = r < 30 ? 0 : r < 60 ? 1 : r < 80 ? 2 : r < 90 ? 3 : 4;
    for (int k = 0; k < invited; ++k)
      d.room_ids.push_back(halls[static_cast<std::size_t>(pick(static_cast<int>(halls.size())))].room_id);
    std::erase(d.room_ids, d.host_room_id);
    std::sort(d.room_ids.begin(), d.room_ids.end());
    d.room_ids.erase(std::unique(d.room_ids.begin(), d.room_ids.end()), d.room_ids.end());
    if (pick(100) < 2) d.invite.push_back(sched::Selector{sched::OrgLevel::department, std::nullopt});
    // Morning 07:30-10:00 or afternoon 13:30-15:00 start on a half-hour grid; 1-3 hours.
    const bool morning = pick(100) < 65;
    const int start_min = morning ? 7 * 60 + 30 + 30 * pick(6) : 13 * 60 + 30 + 30 * pick(4);
    int minutes = 60 + 30 * pick(5);
    if (pick(100) < 1) minutes = 330;  // 5h30: longer than a session, refused for session-long types
    const auto day = days[static_cast<std::size_t>(pick(static_cast<int>(days.size())))];
    const auto local = std::chrono::local_seconds{day.time_since_epoch()} + std::chrono::minutes{start_min};
    d.slot.start = zone.to_instant(local);
    d.slot.end = d.slot.start + std::chrono::minutes{minutes};
    if (pick(100) < 30)
      d.agenda.push_back({"Báo cáo tình hình", d.slot.start, 30, 10});
    out.push_back(std::move(d));
  }
  return out;
}

struct RunResult {
  int threads = 0;
  int booked = 0, conflicts = 0, violations = 0, other = 0;
  double seconds = 0;
  long long book_ns = 0;  // summed over threads, inside book()
  Spent spent;
  std::string first_other;
};

void empty_meetings(sched::pg::Pool& pool) {
  auto conn = pool.acquire();
  pqxx::work tx(*conn);
  tx.exec("TRUNCATE meetings, meeting_rooms, meeting_selectors, agenda_items, documents, delegations, "
          "meeting_events, series RESTART IDENTITY CASCADE");
  tx.commit();
  pqxx::nontransaction nt(*conn);
  nt.exec("VACUUM ANALYZE meetings");
  nt.exec("VACUUM ANALYZE meeting_rooms");
  nt.exec("CHECKPOINT");  // so that no run pays for the previous run's dirty pages
}

RunResult run(sched::BookingService& service, const std::vector<sched::MeetingDraft>& drafts, int threads) {
  RunResult res;
  res.threads = threads;
  std::atomic<std::size_t> next{0};
  std::mutex m;
  auto worker = [&] {
    Spent spent;
    t_spent = &spent;
    int booked = 0, conflicts = 0, violations = 0, other = 0;
    long long book_ns = 0;
    std::string first_other;
    for (std::size_t i = next++; i < drafts.size(); i = next++) {
      const auto t0 = Clock::now();
      try {
        service.book(drafts[i], "bench");
        ++booked;
      } catch (const sched::Conflict&) {
        ++conflicts;
      } catch (const sched::RuleViolation&) {
        ++violations;
      } catch (const std::exception& e) {
        if (first_other.empty()) first_other = e.what();
        ++other;
      }
      book_ns += ns_since(t0);
    }
    t_spent = nullptr;
    std::lock_guard lock(m);
    res.booked += booked;
    res.conflicts += conflicts;
    res.violations += violations;
    res.other += other;
    res.book_ns += book_ns;
    res.spent.lookup += spent.lookup;
    res.spent.selector += spent.selector;
    res.spent.write += spent.write;
    res.spent.lookups += spent.lookups;
    res.spent.selector_calls += spent.selector_calls;
    if (res.first_other.empty()) res.first_other = first_other;
  };
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  res.seconds = static_cast<double>(ns_since(t0)) / 1e9;
  return res;
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  if (const char* url = std::getenv("DATABASE_URL")) o.url = url;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--admin-units") o.admin_units = value();
    else if (a == "--departments") o.departments = value();
    else if (a == "--policy") o.policy = value();
    else if (a == "--meetings") o.meetings = std::stoi(value());
    else if (a == "--halls") o.halls = std::stoi(value());
    else if (a == "--window-days") o.window_days = std::stoi(value());
    else if (a == "--threads") o.threads = parse_list(value());
    else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(value()));
    else throw std::runtime_error("unknown option " + a);
  }
  if (o.url.empty()) throw std::runtime_error("DATABASE_URL is not set");
  return o;
}

double us(long long ns, long long n) { return n ? static_cast<double>(ns) / 1e3 / static_cast<double>(n) : 0.0; }

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  const sched::Policy policy = sched::load_policy_file(o.policy);
  const auto zone = sched::make_time_zone(policy.zone);
  const int max_threads = *std::max_element(o.threads.begin(), o.threads.end());
  sched::pg::Pool pool(o.url, static_cast<std::size_t>(max_threads + 2));
  sched::pg::migrate(pool);
  sched::pg::Store store(pool);
  store.import_orgs(sched::build_versions(sched::combine_timelines(
      {sched::json::read_admin_units(o.admin_units), sched::json::read_departments(o.departments)})));
  store.ensure_one_room_per_org();

  // 200 halls: those of organisations in force in 2027 first (so that a department selector
  // stays among them), then older ones, by id.
  const sched::Date ref{std::chrono::year{2027} / 3 / 1};
  const auto orgs_2027 = store.orgs_valid_on(ref);
  std::vector<long long> current;
  for (const auto& g : orgs_2027) current.push_back(g.id);
  std::sort(current.begin(), current.end());
  auto rooms = store.list_rooms({}, {100000, 0}).items;
  std::stable_partition(rooms.begin(), rooms.end(), [&](const sched::Room& r) {
    return std::binary_search(current.begin(), current.end(), r.org_id);
  });
  std::vector<Hall> halls;
  for (const auto& r : rooms)
    if (r.active && static_cast<int>(halls.size()) < o.halls) halls.push_back({r.id, r.org_id});
  std::cout << "database ready: " << rooms.size() << " halls, " << halls.size() << " used; " << orgs_2027.size()
            << " organisations in force on 2027-03-01\n";

  const auto drafts = make_drafts(o, halls, *zone);
  const sched::Instant now = zone->to_instant(
      std::chrono::local_seconds{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27}.time_since_epoch()} + 9h);

  // Database-free pass: the checks alone, over the same requests (3 rounds, best kept).
  long long best_checks = -1, best_sel_dept = -1, best_sel_commune = -1;
  std::size_t violating = 0;
  for (int round = 0; round < 3; ++round) {
    std::size_t v = 0;
    const auto t0 = Clock::now();
    for (const auto& d : drafts) {
      sched::validate_draft(d);
      v += sched::check_booking(d, now, policy, *zone).empty() ? 0 : 1;
      if (!d.invite.empty()) v += sched::resolve_selectors(d.invite, orgs_2027).empty() ? 1 : 0;
    }
    const long long ns = ns_since(t0);
    if (best_checks < 0 || ns < best_checks) best_checks = ns;
    violating = v;
    const auto t1 = Clock::now();
    std::size_t n = 0;
    for (int k = 0; k < 1000; ++k)
      n += sched::resolve_selectors({sched::Selector{sched::OrgLevel::department, std::nullopt}}, orgs_2027).size();
    const long long dept = ns_since(t1);
    const auto t2 = Clock::now();
    for (int k = 0; k < 1000; ++k)
      n += sched::resolve_selectors({sched::Selector{sched::OrgLevel::commune, std::nullopt}}, orgs_2027).size();
    const long long commune = ns_since(t2);
    if (n == 0) std::cout << "(selectors resolved nothing)\n";
    if (best_sel_dept < 0 || dept < best_sel_dept) best_sel_dept = dept;
    if (best_sel_commune < 0 || commune < best_sel_commune) best_sel_commune = commune;
  }

  TimedStore timed(store);
  sched::BookingService service(
      policy, *zone, timed, timed, timed,
      [&zone](std::string_view rrule, sched::Interval first) { return sched::expand_recurrence(rrule, first, *zone); },
      [now] { return now; });

  std::vector<RunResult> results;
  for (int t : o.threads) {
    empty_meetings(pool);
    results.push_back(run(service, drafts, t));
    const auto& r = results.back();
    std::cout << "threads=" << t << ": " << r.booked << " booked, " << r.conflicts << " conflicts, " << r.violations
              << " rule violations, " << r.other << " other errors in " << std::fixed << std::setprecision(2)
              << r.seconds << " s\n";
    if (!r.first_other.empty()) std::cout << "  first other error: " << r.first_other << "\n";
  }

  const auto n = static_cast<long long>(drafts.size());
  std::cout << "\n" << drafts.size() << " booking requests over " << halls.size() << " halls, " << o.window_days
            << " working days from 2027-01-04 (seed " << o.seed << "); " << violating
            << " break a Decision-45 rule\n\n";
  std::cout << std::left << std::setw(8) << "threads" << std::right << std::setw(10) << "req/s" << std::setw(10)
            << "booked/s" << std::setw(8) << "booked" << std::setw(10) << "conflict" << std::setw(7) << "rule"
            << std::setw(12) << "book() µs" << std::setw(12) << "lookups µs" << std::setw(12) << "selector µs"
            << std::setw(11) << "write µs" << std::setw(12) << "in-proc µs" << "\n";
  for (const auto& r : results) {
    const long long inproc = r.book_ns - r.spent.lookup - r.spent.selector - r.spent.write;
    std::cout << std::left << std::setw(8) << r.threads << std::right << std::fixed << std::setprecision(0)
              << std::setw(10) << static_cast<double>(n) / r.seconds << std::setw(10)
              << static_cast<double>(r.booked) / r.seconds << std::setw(8) << r.booked << std::setw(10) << r.conflicts
              << std::setw(7) << r.violations << std::setprecision(1) << std::setw(12) << us(r.book_ns, n)
              << std::setw(12) << us(r.spent.lookup, n) << std::setw(12) << us(r.spent.selector, n) << std::setw(11)
              << us(r.spent.write, n) << std::setw(12) << us(inproc, n) << "\n";
    std::cout << "RESULT kind=booking threads=" << r.threads << " requests=" << n << " booked=" << r.booked
              << " conflicts=" << r.conflicts << " violations=" << r.violations << " other=" << r.other
              << std::setprecision(3) << " seconds=" << r.seconds << std::setprecision(1)
              << " req_per_s=" << static_cast<double>(n) / r.seconds
              << " booked_per_s=" << static_cast<double>(r.booked) / r.seconds << " book_us=" << us(r.book_ns, n)
              << " lookup_us=" << us(r.spent.lookup, n) << " lookups_per_req="
              << static_cast<double>(r.spent.lookups) / static_cast<double>(n) << " selector_db_us="
              << us(r.spent.selector, n) << " write_us=" << us(r.spent.write, n) << " inproc_us=" << us(inproc, n)
              << "\n";
  }
  std::cout << std::setprecision(2) << "\nchecks without the database (validate_draft + check_booking + "
            << "resolve_selectors where the request has a selector): " << us(best_checks, n) << " µs per booking\n"
            << "resolve_selectors alone over the " << orgs_2027.size() << " organisations in force: every department "
            << us(best_sel_dept, 1000) << " µs, every commune " << us(best_sel_commune, 1000) << " µs\n";
  std::cout << "RESULT kind=checks checks_us=" << us(best_checks, n) << " selector_department_us="
            << us(best_sel_dept, 1000) << " selector_commune_us=" << us(best_sel_commune, 1000) << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_booking: " << e.what() << "\n";
  return 1;
}
