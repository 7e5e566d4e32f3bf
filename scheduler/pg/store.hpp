#pragma once
// The PostgreSQL store: organisations, rooms and meetings. Each public method is one
// transaction (a single-statement read, or write such as the common booking, runs without
// BEGIN/COMMIT) on a pooled connection;
// safe to call from many threads at once.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pg/pool.hpp"
#include "scheduler/access.hpp"
#include "scheduler/delivery.hpp"
#include "scheduler/live.hpp"
#include "scheduler/org_versions.hpp"
#include "scheduler/repositories.hpp"

namespace pqxx { class transaction_base; class row; }

namespace sched::pg {

struct ImportResult {
  std::size_t versions = 0;  // unit versions written (inserted or refreshed)
};

class Store final : public OrgDirectory,
                    public RoomDirectory,
                    public MeetingRepository,
                    public AccessRepository,
                    public LiveRepository,
                    public DeliveryRepository,
                    public ModerationQueue {
 public:
  explicit Store(Pool& pool, std::string url = "") : pool_(pool), url_(std::move(url)) {}
  ~Store() override;

  // Organisations (org_queries.cpp)
  ImportResult import_orgs(const std::vector<OrgVersion>& versions);
  std::optional<Org> find_org(long long id) override;
  std::vector<Org> orgs_valid_on(Date day) override;
  PageOf<Org> list_orgs(const OrgFilter& f, Page p) override;
  std::vector<Org> children(long long id, Date day) override;
  std::vector<Org> subtree(long long id, Date day) override;
  std::vector<long long> subtree_ids_any_date(long long id) override;

  // Rooms (room_queries.cpp)
  std::optional<Room> find_room(long long id) override;
  // One query (a prepared statement) when `orgs` is this store.
  NamedInBooking find_named(const std::vector<long long>& org_ids, const std::vector<long long>& room_ids,
                            OrgDirectory& orgs) override;
  PageOf<Room> list_rooms(const RoomFilter& f, Page p) override;
  std::vector<long long> active_rooms_of(const std::vector<long long>& org_ids) override;
  Room create_room(const Room& r) override;
  Room update_room(const Room& r) override;
  std::size_t ensure_one_room_per_org();  // demo data: a hall for every organisation without one

  // Meetings (meeting_queries.cpp)
  std::vector<Meeting> create(const std::vector<Booking>& occurrences, const std::string& actor,
                              const IdempotencyClaim* claim = nullptr, const MustExist* named = nullptr) override;
  std::optional<Meeting> find(long long id) override;
  PageOf<Meeting> list(const MeetingFilter& f, Page p) override;
  Meeting update(long long id, long long expected_version, const Booking& b, MeetingStatus status,
                 const std::string& actor) override;
  Meeting set_status(long long id, std::optional<long long> expected_version, MeetingStatus from, MeetingStatus to,
                     const std::string& event, const std::string& reason, const std::string& actor) override;
  Meeting record_conclusion(long long id, Instant sent_at, const std::string& actor) override;
  std::vector<Meeting> ended_awaiting_conclusion() override;

  // Tokens and idempotency (access_queries.cpp)
  TokenRecord create_token(const std::string& hash, const TokenRecord& t) override;
  std::optional<TokenRecord> token_by_hash(const std::string& hash) override;
  std::optional<TokenRecord> token(long long id) override;
  std::vector<TokenRecord> tokens() override;
  void revoke_token(long long id) override;
  bool any_admin_token() override;
  std::optional<RememberedAnswer> remembered(long long token_id, const std::string& key) override;

  // Running meetings (live_queries.cpp)
  MediaNodeRecord ensure_node(const std::string& name, const std::string& address, int capacity_legs) override;
  std::vector<MediaNodeRecord> nodes() override;
  bool record_node_probe(long long node_id, bool ok, int offline_after_failures) override;
  void set_node_state(long long node_id, NodeState state) override;
  std::optional<SessionRecord> session_of(long long meeting_id) override;
  std::vector<SessionRecord> open_sessions() override;
  void save_session(const SessionRecord& s) override;
  void close_session(long long meeting_id) override;
  void save_session_health(long long meeting_id, const std::string& json) override;
  std::optional<std::string> session_health(long long meeting_id) override;
  void save_leg(const LegRecord& l) override;
  void remove_leg(long long meeting_id, long long room_id) override;
  std::vector<LegRecord> legs(long long meeting_id) override;
  void hall_connected(long long meeting_id, long long room_id, Instant at) override;
  void halls_seen(long long meeting_id, const std::vector<long long>& room_ids, Instant at) override;
  void hall_left(long long meeting_id, long long room_id, Instant at) override;
  void close_attendance(long long meeting_id, std::optional<Instant> at) override;
  std::vector<AttendanceInterval> attendance(long long meeting_id) override;
  std::vector<AttendanceReportRow> attendance_report(Instant from, Instant to, std::optional<long long> org) override;
  void add_event(std::optional<long long> meeting_id, std::optional<long long> room_id, const std::string& kind,
                 const std::string& detail, Instant at, const std::string& key) override;
  std::vector<LiveEvent> events_after(long long after_id, int limit) override;
  std::vector<Meeting> meetings_to_conduct(Instant from, Instant to) override;
  bool hold_conductor_lease() override;

  // Invitations and reminders (outbox_queries.cpp)
  void set_contact_emails(long long org_id, const std::vector<std::string>& addresses) override;
  std::vector<DeliveryRecord> deliveries_of(long long meeting_id) override;
  bool deliver_next(const std::function<DeliveryOutcome(const DeliveryRecord&)>& send,
                    std::chrono::milliseconds retry_base, int max_attempts) override;
  int enqueue_reminders(Instant now, const std::vector<std::chrono::minutes>& before) override;
  // The service's clock, stamped on delivery events (reminders compare with it); the wall clock by default.
  void set_clock(std::function<Instant()> clock) { clock_ = std::move(clock); }
  // Moderation requests (moderation_queries.cpp)
  long long request_moderation(long long meeting_id, const std::string& action, std::optional<long long> room_id,
                               const std::string& argument) override;
  std::vector<ModerationRecord> pending_moderations(int max_age_seconds) override;
  void answer_moderation(long long id, const std::string& outcome, const std::string& field,
                         const std::string& detail) override;
  std::optional<ModerationRecord> moderation(long long id) override;

  Pool& pool() { return pool_; }

 private:
  Pool& pool_;
  std::string url_;  // for the lease's own connection
  std::mutex lease_mutex_;
  std::unique_ptr<pqxx::connection> lease_;
  std::function<Instant()> clock_ = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
};

// Writes the delivery event `kind` for meeting `id` at `version` with the meeting's halls, in
// `tx`: one row, fanned out to its deliveries later (fan_out_events).
void enqueue_delivery_event(pqxx::transaction_base& tx, long long meeting_id, const std::string& kind, long long version,
                            Instant announced_at);
// SQL for the halls of meeting `meeting_id` (an SQL expression) as an array, in id order: the
// halls an event is about.
std::string event_halls_sql(const std::string& meeting_id);
// Turns up to 100 events not yet fanned out (of one meeting, or of all) into their deliveries,
// oldest first, and marks them fanned out: every contact address of every organisation with a
// hall in the event's room_ids, then the webhook. Returns how many events it fanned out.
int fan_out_events(pqxx::transaction_base& tx, std::optional<long long> meeting_id);

// The answer stored under an Idempotency-Key, read in `tx` (shared by the token and booking queries).
std::optional<RememberedAnswer> remembered_answer(pqxx::transaction_base& tx, long long token_id, const std::string& key);

}  // namespace sched::pg
