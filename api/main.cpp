// meetingd: the composition root. Reads the command line and the environment, builds every
// component once, and passes dependencies by constructor. Nothing else reads configuration.
//
//   meetingd serve   [--port N] [--web-dir DIR] [--policy FILE] [--admin-units DIR] [--departments FILE] [--demo-halls]
//   meetingd migrate
//   meetingd import  --admin-units DIR [--departments FILE]
//
//                    [--relay-allow CIDR,...]
//                    [--smtp-url URL --smtp-from ADDRESS [--smtp-credentials FILE] [--smtp-ca-file FILE]]
//                    [--webhook-url URL [--webhook-secret-file FILE]] [--public-url URL] [--reminder-minutes M...]
//
// Environment: DATABASE_URL (required), MEETINGD_ADMIN_TOKEN (accepted as the admin's token),
// MEETINGD_NOW (RFC 3339: the service's clock starts there; for tests and demonstrations).
#include <CLI/CLI.hpp>
#include <csignal>
#include <fstream>
#include <cstdlib>
#include <iostream>

#include "conductor/conductor.hpp"
#include "conductor/live_metrics.hpp"
#include "auth/token_crypto.hpp"
#include "http/problem.hpp"
#include "http/server.hpp"
#include "ical/recurrence.hpp"
#include "json/admin_units.hpp"
#include "json/policy_json.hpp"
#include "log/log.hpp"
#include "media/log.hpp"
#include "media/node.hpp"
#include "media/remote_node.hpp"
#include "notify/delivery_worker.hpp"
#include "metrics/http_metrics.hpp"
#include "metrics/metrics_route.hpp"
#include "metrics/registry.hpp"
#include "pg/change_feed.hpp"
#include "pg/migrations.hpp"
#include "pg/store.hpp"
#include "platform/readiness.hpp"
#include "routes/caching.hpp"
#include "routes/database_retry.hpp"
#include "routes/guard.hpp"
#include "routes/routes.hpp"
#include "scheduler/booking_service.hpp"
#include "tz/zone.hpp"
#include "webrtc/browser_legs.hpp"
#include "webrtc/embedded_locator.hpp"
#include "wire/time_text.hpp"

namespace {

struct Settings {
  std::string database_url;
  std::uint16_t port = 8080;
  std::string address = "127.0.0.1";
  std::string policy_file = "scheduler/policy/decree45.json";
  std::string admin_units;
  std::string departments = "deploy/demo/departments.json";
  bool demo_halls = false;
  int workers = 16;
  int pool_size = 16;
  bool read_cache = true;
  std::string media_address = "127.0.0.1";
  std::uint16_t media_port_min = 40000;
  std::uint16_t media_port_max = 49999;
  std::string recordings_dir = "recordings";
  bool audio_only = false;
  bool srtp = false;
  std::vector<std::string> relay_allow;  // networks a relayed meeting's upstream may be in; empty: loopback
  api::ConnectionLimits connections;
  std::string web_dir = MEETINGD_WEB_DIR;  // the web pages (api/web of the source tree)
  media::WebrtcEdgeOptions webrtc;  // browser halls (WHIP)
  // Invitations and reminders (notify/): the relay, the webhook, the files holding their secrets.
  std::string smtp_url, smtp_from, smtp_credentials_file, smtp_ca_file;
  std::string webhook_url, webhook_secret_file;
  std::string public_url;
  std::vector<int> reminder_minutes;  // empty: 24 hours before, and at the rehearsal opening
  double delivery_retry_base_seconds = 5;
  int delivery_max_attempts = 12;
};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The wall clock, or one that starts at MEETINGD_NOW and runs at the same pace.
sched::Clock make_clock() {
  const auto now = env("MEETINGD_NOW");
  if (now.empty()) return [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
  auto start = wire::parse_instant(now);
  if (!start) throw std::runtime_error("MEETINGD_NOW must be an RFC 3339 date-time with an offset");
  const auto offset = *start - std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return [offset] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + offset; };
}

void import_units(sched::pg::Store& store, const Settings& s) {
  auto timeline = sched::combine_timelines(
      {sched::json::read_admin_units(s.admin_units), sched::json::read_departments(s.departments)});
  auto result = store.import_orgs(sched::build_versions(timeline));
  logging::info("imported " + std::to_string(result.versions) + " organisation versions from " + s.admin_units);
}

// MEETINGD_ADMIN_TOKEN is accepted as an admin token; otherwise the first start creates one
// and prints it once.
void ensure_admin_token(sched::pg::Store& store) {
  const auto given = env("MEETINGD_ADMIN_TOKEN");
  if (!given.empty()) {
    // A guessable admin token is worse than none: refuse to start with a short one.
    if (given.size() < 32) throw std::runtime_error("MEETINGD_ADMIN_TOKEN must be at least 32 characters");
    if (!store.token_by_hash(auth::hash_token(given))) {
      sched::TokenRecord t;
      t.role = sched::Role::admin;
      t.label = "MEETINGD_ADMIN_TOKEN";
      store.create_token(auth::hash_token(given), t);
    }
    return;
  }
  if (store.any_admin_token()) return;
  const auto token = auth::generate_token();
  sched::TokenRecord t;
  t.role = sched::Role::admin;
  t.label = "first start";
  store.create_token(token.hash, t);
  std::cout << "\nAdmin token (shown once, keep it safe):\n  " << token.secret << "\n\n" << std::flush;
}

// The first line of a secret's file (never a flag value: the command line is visible to all).
std::string first_line_of(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw std::runtime_error(what + ": cannot read " + path);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

notify::DeliverySettings delivery_settings(const Settings& s) {
  notify::DeliverySettings d;
  if (!s.smtp_url.empty()) {
    notify::SmtpRelay relay;
    relay.url = s.smtp_url;
    relay.from = s.smtp_from;
    if (const auto why = sched::email_address_problem(relay.from); !why.empty())
      throw std::runtime_error("--smtp-from must be an e-mail address: " + why);
    if (!s.smtp_credentials_file.empty()) {
      const auto line = first_line_of(s.smtp_credentials_file, "--smtp-credentials");
      const auto colon = line.find(':');
      if (colon == std::string::npos) throw std::runtime_error("--smtp-credentials: the file holds user:password");
      relay.username = line.substr(0, colon);
      relay.password = line.substr(colon + 1);
    }
    relay.ca_file = s.smtp_ca_file;
    d.relay = relay;
  }
  if (!s.webhook_url.empty()) {
    d.webhook = notify::WebhookTarget{s.webhook_url, s.smtp_ca_file};
    if (!s.webhook_secret_file.empty()) d.webhook_secret = first_line_of(s.webhook_secret_file, "--webhook-secret-file");
  }
  d.public_url = s.public_url.empty() ? "http://" + s.address + ":" + std::to_string(s.port) : s.public_url;
  if (!s.reminder_minutes.empty()) d.reminders.clear();
  for (int m : s.reminder_minutes) d.reminders.emplace_back(m);
  d.retry_base = std::chrono::milliseconds(static_cast<long long>(s.delivery_retry_base_seconds * 1000));
  d.max_attempts = s.delivery_max_attempts;
  return d;
}

int serve(const Settings& s) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  // A peer that closes while an answer is being written must cost that connection only,
  // never the process (SIGPIPE's default action ends it without a word).
  std::signal(SIGPIPE, SIG_IGN);

  sched::Policy policy = sched::load_policy_file(s.policy_file);
  if (!s.relay_allow.empty()) policy.relay_allow = s.relay_allow;
  logging::info("relayed meetings' upstream bridges allowed in: " + [&] {
    std::string list;
    for (const auto& n : policy.relay_allow) list += (list.empty() ? "" : ", ") + n;
    return list;
  }());
  const auto zone = sched::make_time_zone(policy.zone);
  const auto clock = make_clock();
  sched::pg::Pool pool(s.database_url, static_cast<std::size_t>(s.pool_size));
  for (const auto& name : sched::pg::migrate(pool)) logging::info("applied migration " + name);
  sched::pg::Store store(pool, s.database_url);
  store.set_clock(clock);
  auto deliveries = delivery_settings(s);
  if (s.reminder_minutes.empty()) deliveries.reminders = {std::chrono::hours(24), policy.rehearsal_window};
  if (!s.admin_units.empty()) import_units(store, s);
  if (s.demo_halls) {
    const auto added = store.ensure_one_room_per_org();
    if (added) logging::info("created " + std::to_string(added) + " demo halls");
  }
  ensure_admin_token(store);

  sched::BookingService booking(
      policy, *zone, store, store, store,
      [&zone](std::string_view rrule, sched::Interval first) { return sched::expand_recurrence(rrule, first, *zone); },
      clock);
  sched::pg::ChangeFeed changes(s.database_url);
  auth::PrincipalCache principals(changes);
  media::set_log_sink([](media::LogLevel level, std::string_view text) {
    const std::string line = "media: " + std::string(text);
    level == media::LogLevel::info ? logging::info(line) : logging::warn(line);
  });
  auto node = std::make_shared<media::Node>(media::NodeOptions{s.media_address, s.media_port_min, s.media_port_max});
  conductor::ConductorOptions live_options;
  live_options.embedded = {"embedded", s.media_address, 400, node};
  live_options.runner.media_address = s.media_address;
  live_options.runner.video = !s.audio_only;
  live_options.runner.srtp = s.srtp;
  live_options.recordings_dir = s.recordings_dir;
  live_options.database_unavailable = [&pool](std::exception_ptr e) {
    try {
      std::rethrow_exception(e);
    } catch (const sched::Unavailable&) {
      return true;
    } catch (...) {
    }
    return pool.lost_connection(e) || sched::pg::Pool::out_of_resources(e);
  };
  conductor::Conductor live({store, store, store, store, &changes}, booking,
                            [](const std::string& address) { return std::make_shared<media::RemoteNode>(address); },
                            [] { return auth::srtp_key(); }, clock, live_options);
  media::WebrtcEdge edge(*node, s.webrtc);  // after the node, so its legs go first
  api::webrtc::BrowserLegs browser_legs(edge, api::webrtc::embedded_hall_sessions(live));
  api::Services services{store,  store,     store, store, store, booking, policy, *zone, [&pool] { return pool.ping(); },
                         clock, principals, &live};
  services.web_dir = s.web_dir;
  services.browser_legs = &browser_legs;
  services.deliveries = &store;
  notify::DeliveryWorker delivery_worker(store, store, store, store, *zone, clock, std::move(deliveries));
  api::Router router;
  api::add_all_routes(router, services);
  api::add_database_retry(router, [&pool](std::exception_ptr e) {
    if (pool.lost_connection(e)) return api::DatabaseTrouble::connection_lost;
    return sched::pg::Pool::out_of_resources(e) ? api::DatabaseTrouble::out_of_resources : api::DatabaseTrouble::none;
  });
  api::ResponseCache cache(4096);
  if (s.read_cache) api::add_read_caching(router, cache, changes);
  api::metrics::Registry metrics;
  api::metrics::HttpMetrics http_metrics(metrics);
  metrics.add_collector([&live](api::metrics::GaugeSink& sink) { conductor::export_live_metrics(live, sink); });
  // After caching: never cached. For Prometheus, with an admin or monitor token.
  api::metrics::add_metrics_route(router, metrics, [&services](const api::Request& req) {
    api::require_role(api::authenticate(req, services), {sched::Role::admin, sched::Role::monitor});
  });
  api::ServerOptions options;
  options.address = s.address;
  options.port = s.port;
  options.workers = s.workers;
  options.connections = s.connections;
  api::Server server(router, options, [&zone](std::exception_ptr e) { return api::problem_response(e, *zone); },
                     http_metrics.observer());
  server.start();
  live.start();
  delivery_worker.start();
  logging::info("serving on http://" + s.address + ":" + std::to_string(server.port()));
  platform::notify_ready("serving on " + s.address + ":" + std::to_string(server.port()));

  int received = 0;
  sigwait(&signals, &received);
  logging::info("signal " + std::to_string(received) + ": finishing in-flight requests");
  platform::notify_stopping();
  server.shutdown(std::chrono::seconds(20));
  live.stop();
  delivery_worker.stop();
  logging::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"meetingd: online meetings of the province under Decision 45/2018/QD-TTg"};
  app.require_subcommand(1);
  Settings s;
  s.database_url = env("DATABASE_URL");
  if (const auto port = env("PORT"); !port.empty()) s.port = static_cast<std::uint16_t>(std::stoi(port));

  auto* serve_cmd = app.add_subcommand("serve", "migrate, load data, serve HTTP");
  serve_cmd->add_option("--port", s.port, "HTTP port (0: any free port)");
  serve_cmd->add_option("--address", s.address, "address to listen on");
  serve_cmd->add_option("--policy", s.policy_file, "policy file (Decision 45 rules)");
  serve_cmd->add_option("--admin-units", s.admin_units, "import administrative units from this folder");
  serve_cmd->add_option("--departments", s.departments, "departments file");
  serve_cmd->add_flag("--demo-halls", s.demo_halls, "give every organisation one hall");
  serve_cmd->add_option("--workers", s.workers, "request worker threads");
  serve_cmd->add_option("--db-pool", s.pool_size, "database connections");
  serve_cmd->add_option("--media-address", s.media_address, "address halls send RTP to (the embedded media node)");
  serve_cmd->add_option("--media-ports", s.media_port_min, "first RTP port of the embedded node");
  serve_cmd->add_option("--media-ports-max", s.media_port_max, "last RTP port of the embedded node");
  serve_cmd->add_option("--recordings", s.recordings_dir, "folder for recordings");
  serve_cmd->add_flag("--audio-only", s.audio_only, "sessions without video (no composite)");
  std::string relay_allow;
  serve_cmd->add_option("--relay-allow", relay_allow,
                        "networks (CIDR, comma-separated) a relayed meeting's upstream bridge may be in (default: "
                        "127.0.0.0/8,::1/128)");
  serve_cmd->add_flag("--srtp", s.srtp, "encrypt every leg with SRTP; /join hands out the keys");
  auto seconds = [serve_cmd](const std::string& flag, std::chrono::milliseconds& into, const std::string& what) {
    serve_cmd->add_option_function<double>(flag, [&into](double v) {
      into = std::chrono::milliseconds(static_cast<long long>(v * 1000));
    }, what + " (seconds)")->check(CLI::PositiveNumber);
  };
  serve_cmd->add_option("--max-connections", s.connections.max_connections, "HTTP connections in all");
  serve_cmd->add_option("--max-connections-per-client", s.connections.max_per_client, "HTTP connections from one address");
  seconds("--idle-timeout", s.connections.idle_timeout, "close a kept-alive connection idle this long");
  seconds("--header-timeout", s.connections.head_timeout, "answer 408 to a request head not complete within");
  seconds("--body-timeout", s.connections.body_timeout, "answer 408 to a request body not complete within");
  serve_cmd->add_option("--web-dir", s.web_dir, "folder of the web pages");
  std::string ice_addresses;
  serve_cmd->add_option("--webrtc-ice-addresses", ice_addresses, "IPs browser halls' ICE uses, comma-separated (default: all)");
  serve_cmd->add_option("--webrtc-ports", s.webrtc.ice_port_min, "first UDP port of browser halls' ICE");
  serve_cmd->add_option("--webrtc-ports-max", s.webrtc.ice_port_max, "last UDP port of browser halls' ICE");
  serve_cmd->add_option("--smtp-url", s.smtp_url, "SMTP relay for invitations, smtp://host:port (STARTTLS required)");
  serve_cmd->add_option("--smtp-from", s.smtp_from, "sender address of invitations");
  serve_cmd->add_option("--smtp-credentials", s.smtp_credentials_file, "file holding the relay's user:password");
  serve_cmd->add_option("--smtp-ca-file", s.smtp_ca_file, "CA certificate(s) trusted for the relay and the webhook");
  serve_cmd->add_option("--webhook-url", s.webhook_url, "document-exchange webhook (POST, JSON) for every invitation event");
  serve_cmd->add_option("--webhook-secret-file", s.webhook_secret_file, "file holding the webhook's HMAC-SHA256 key");
  serve_cmd->add_option("--public-url", s.public_url, "the service's address as halls reach it (join links)");
  serve_cmd->add_option("--reminder-minutes", s.reminder_minutes, "reminders, minutes before the start (default: 1440 and the rehearsal opening)")
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--delivery-retry-base", s.delivery_retry_base_seconds,
                        "first wait before a failed delivery is tried again, doubling (seconds)")
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--delivery-max-attempts", s.delivery_max_attempts, "attempts before a delivery is failed")
      ->check(CLI::PositiveNumber);
  bool no_cache = false;
  serve_cmd->add_flag("--no-read-cache", no_cache, "answer every read from the database (for measuring)");
  auto* migrate_cmd = app.add_subcommand("migrate", "apply database migrations");
  auto* import_cmd = app.add_subcommand("import", "import administrative units");
  import_cmd->add_option("--admin-units", s.admin_units, "folder of the admin-unit files")->required();
  import_cmd->add_option("--departments", s.departments, "departments file");
  CLI11_PARSE(app, argc, argv);
  s.read_cache = !no_cache;
  for (std::size_t at = 0; at < relay_allow.size();) {
    const auto comma = std::min(relay_allow.find(',', at), relay_allow.size());
    if (comma > at) s.relay_allow.push_back(relay_allow.substr(at, comma - at));
    at = comma + 1;
  }
  for (std::size_t at = 0; at < ice_addresses.size();) {
    const auto comma = std::min(ice_addresses.find(',', at), ice_addresses.size());
    if (comma > at) s.webrtc.ice_addresses.push_back(ice_addresses.substr(at, comma - at));
    at = comma + 1;
  }

  try {
    if (s.database_url.empty()) throw std::runtime_error("DATABASE_URL is not set");
    if (serve_cmd->parsed()) return serve(s);
    sched::pg::Pool pool(s.database_url, 2);
    for (const auto& name : sched::pg::migrate(pool)) logging::info("applied migration " + name);
    if (import_cmd->parsed()) {
      sched::pg::Store store(pool);
      import_units(store, s);
    }
    (void)migrate_cmd;
    return 0;
  } catch (const std::exception& e) {
    logging::error(e.what());
    return 1;
  }
}
