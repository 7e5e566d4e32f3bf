#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <atomic>
#include <map>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/http_error.hpp"
#include "http/request_reader.hpp"
#include "http/worker_pool.hpp"

namespace api {
namespace {

using namespace Pistache;

// Query values arrive percent-encoded. '+' stays '+' (RFC 3986), so an unencoded offset
// such as +07:00 still reads as sent.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Request to_request(RawRequest&& raw) {
  Request r;
  r.method = std::move(raw.method);
  const auto q = raw.target.find('?');
  r.path = raw.target.substr(0, q);
  if (q != std::string::npos) {
    std::string_view query(raw.target);
    query.remove_prefix(q + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto pair = query.substr(0, amp);
      const auto eq = pair.find('=');
      if (!pair.empty())
        r.query[percent_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  // Repeated fields are one comma-separated list (RFC 9110 §5.3).
  for (auto& [name, value] : raw.headers) {
    auto [it, fresh] = r.headers.emplace(name, value);
    if (!fresh) it->second += ", " + value;
  }
  r.body = std::move(raw.body);
  return r;
}

// Pistache 0.0.5 writes only typed headers into a response (addRaw is silently dropped),
// so each of ours travels as a typed header that carries its own name.
class NamedHeader : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void write(std::ostream& os) const override { os << value_; }
  std::uint64_t hash() const override { return std::hash<std::string>{}(name_); }

 private:
  std::string name_;
  std::string value_;
};

constexpr const char* kConnectionData = "meetingd.connection";

// Raises the soft descriptor limit to the hard one; returns the limit in force.
std::size_t raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
    ::getrlimit(RLIMIT_NOFILE, &lim);
  }
  return static_cast<std::size_t>(lim.rlim_cur);
}

}  // namespace

// One TCP connection, shared by the reactor thread that reads it, the worker answering it
// and the sweeper. Lock order: a Connection's mutex, then the server's table mutex.
struct Connection {
  ConnectionTable::Id id = 0;
  std::weak_ptr<Tcp::Peer> peer;
  Tcp::Transport* transport = nullptr;
  Http::Handler* handler = nullptr;
  int fd = -1;

  // Recursive: a write that completes at once runs its completion (answered) inside send().
  std::recursive_mutex mutex;
  RequestReader reader;
  bool busy = false;           // a request is being answered
  bool closing = false;        // our last answer is out (or on its way); nothing more is read
  bool gone = false;           // Pistache has dropped the peer (the descriptor may be reused)
  bool continue_sent = false;  // 100 Continue sent for the request being read

  explicit Connection(ReaderLimits limits) : reader(limits) {}
};

struct Server::Impl {
  Impl(const Router& r, ServerOptions o, ErrorMapper e, RequestObserver obs)
      : router(r), options(std::move(o)), errors(std::move(e)), observer(std::move(obs)), table(options.connections) {}

  const Router& router;
  ServerOptions options;
  ErrorMapper errors;
  RequestObserver observer;
  std::unique_ptr<Http::Endpoint> endpoint;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::atomic<ConnectionTable::Id> next_id{1};

  std::mutex table_mutex;
  ConnectionTable table;
  std::unordered_map<ConnectionTable::Id, std::weak_ptr<Connection>> connections;

  std::mutex sweeper_mutex;
  std::condition_variable sweeper_wake;
  bool sweeper_stop = false;
  std::thread sweeper;

  Response dispatch(Request& req) const {
    try {
      if (req.body.size() > options.max_body_bytes)
        throw payload_too_large("the body is larger than " + std::to_string(options.max_body_bytes) + " bytes");
      const Route& route = router.match(req);
      Response resp = route.handler(req);
      if (req.method == "HEAD") {
        resp.body.clear();
        resp.file.clear();
      }
      return resp;
    } catch (...) {
      return errors(std::current_exception());
    }
  }

  Response problem(int status, const std::string& title, const std::string& detail) const {
    return errors(std::make_exception_ptr(HttpError(status, title, detail)));
  }

  void set_phase(Connection& c, ConnPhase phase) {
    std::lock_guard lock(table_mutex);
    table.set_phase(c.id, phase, ConnectionTable::Clock::now());
  }

  // Stops the connection at the socket (the reactor then sees it end and drops the peer).
  // `how` SHUT_WR lets the client read what was sent; SHUT_RDWR cuts. Caller holds c.mutex;
  // while `gone` is false, Pistache has not closed the descriptor (it calls
  // onDisconnection, which takes the same mutex, before it does).
  static void cut(Connection& c, int how) {
    if (!c.gone) ::shutdown(c.fd, how);
  }

  // Sends `resp` on `c`; once it is out, the connection is closed or reads on. Caller holds c.mutex.
  void send(const std::shared_ptr<Connection>& c, const Response& resp, Http::Version version, bool close) {
    c->busy = true;
    if (close) c->closing = true;
    Http::ResponseWriter writer(version, c->transport, c->handler, c->peer);
    for (const auto& [name, value] : resp.headers) {
      // Header injection: a value never carries a line break.
      if (value.find_first_of("\r\n") != std::string::npos) continue;
      writer.headers().add(std::make_shared<NamedHeader>(name, value));
    }
    writer.headers().add<Http::Header::Connection>(close ? Http::ConnectionControl::Close
                                                         : Http::ConnectionControl::KeepAlive);
    const auto code = static_cast<Http::Code>(resp.status);
    std::weak_ptr<Connection> weak = c;
    auto done = [this, weak](bool) {
      if (auto conn = weak.lock()) answered(conn);
    };
    try {
      auto sent = [&] {
        if (!resp.file.empty() && resp.status == 200) {
          // The MIME type is always given: Pistache guesses only a few, and a module script
          // served as application/octet-stream is refused by browsers.
          try {
            return Http::serveFile(writer, resp.file, Http::Mime::MediaType::fromString(resp.content_type));
          } catch (const Http::HttpError&) {
            return writer.send(Http::Code::Not_Found);  // the file went away since the route looked
          }
        }
        return resp.content_type.empty()
                   ? writer.send(code)
                   : writer.send(code, resp.body, Http::Mime::MediaType::fromString(resp.content_type));
      }();
      sent.then([done](ssize_t) { done(true); }, [done](std::exception_ptr) { done(false); });
    } catch (...) {
      // The peer went away while the answer was being made: nothing to send it to.
      c->gone = true;
    }
  }

  // The answer on `c` is out: close, or read the next (maybe already pipelined) request.
  void answered(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(c->mutex);
    c->busy = false;
    c->continue_sent = false;
    if (c->closing) {
      cut(*c, SHUT_WR);
      set_phase(*c, ConnPhase::closing);
      return;
    }
    pump(c);
  }

  // Reads what `c` has buffered: dispatches a whole request, answers a broken one, or waits.
  // Caller holds c->mutex.
  void pump(const std::shared_ptr<Connection>& c) {
    if (c->busy || c->closing || c->gone) return;
    switch (c->reader.next()) {
      case RequestReader::State::ready: {
        RawRequest raw = c->reader.take();
        const auto version = raw.minor_version == 0 ? Http::Version::Http10 : Http::Version::Http11;
        const bool close = raw.wants_close() || stopping.load();
        c->busy = true;
        set_phase(*c, ConnPhase::busy);
        auto req = std::make_shared<Request>(to_request(std::move(raw)));
        const auto started = std::chrono::steady_clock::now();
        ++in_flight;
        workers->post([this, c, req, version, close, started] {
          Response resp = dispatch(*req);
          {
            std::lock_guard lock(c->mutex);
            if (!c->gone) send(c, resp, version, close || stopping.load());
          }
          if (observer) {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            observer(req->method, req->route, resp.status, seconds);
          }
          --in_flight;
        });
        return;
      }
      case RequestReader::State::need_more:
        set_phase(*c, !c->reader.started() ? ConnPhase::idle
                      : c->reader.head_done() ? ConnPhase::body
                                              : ConnPhase::head);
        if (c->reader.expects_continue() && !c->continue_sent) {
          c->continue_sent = true;
          if (auto peer = c->peer.lock()) {
            static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            peer->send(Pistache::RawBuffer(kContinue, kContinue.size()));
          }
        }
        return;
      case RequestReader::State::failed: {
        static const std::map<int, std::string> titles = {{400, "Bad request"},
                                                          {413, "Payload too large"},
                                                          {431, "Request header fields too large"},
                                                          {501, "Not implemented"},
                                                          {505, "HTTP version not supported"}};
        const int status = c->reader.status();
        // Where the next request would start is unknown: answer and close.
        send(c, problem(status, titles.at(status), c->reader.detail()), Http::Version::Http11, true);
        if (observer) observer("", "", status, 0.0);
        return;
      }
    }
  }

  void on_connection(const std::shared_ptr<Tcp::Peer>& peer, Tcp::Transport* transport, Http::Handler* handler) {
    auto c = std::make_shared<Connection>(ReaderLimits{options.max_head_bytes, options.max_body_bytes});
    c->id = next_id++;
    c->peer = peer;
    c->transport = transport;
    c->handler = handler;
    c->fd = peer->fd();
    peer->putData(kConnectionData, c);
    // Pistache's own idle check looks up its parser on every peer.
    peer->putData(Http::Handler::ParserData, std::make_shared<Http::RequestParser>(1024));
    ConnectionTable::Admission admission;
    std::vector<std::shared_ptr<Connection>> evicted;
    {
      std::lock_guard lock(table_mutex);
      admission = table.admit(c->id, peer->address().host(), ConnectionTable::Clock::now());
      if (admission.accepted) connections[c->id] = c;
      for (auto id : admission.evicted) {
        auto it = connections.find(id);
        if (it == connections.end()) continue;
        if (auto old = it->second.lock()) evicted.push_back(old);
        connections.erase(it);
      }
    }
    for (auto& old : evicted) {
      std::lock_guard lock(old->mutex);
      old->closing = true;
      cut(*old, SHUT_RDWR);
    }
    if (!admission.accepted) {
      std::lock_guard lock(c->mutex);
      auto resp = problem(503, "Service unavailable", "the server has too many connections; try again shortly");
      resp.headers["Retry-After"] = "1";
      send(c, resp, Http::Version::Http11, true);
    }
  }

  void on_input(const char* buffer, std::size_t len, const std::shared_ptr<Tcp::Peer>& peer) {
    auto c = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!c) return;
    std::lock_guard lock(c->mutex);
    if (c->closing || c->gone) return;
    c->reader.feed(std::string_view(buffer, len));
    // A client that pipelines more than one request's worth while waiting is not read further.
    if (c->busy && c->reader.buffered() > options.max_head_bytes + options.max_body_bytes) c->closing = true;
    pump(c);
  }

  void on_disconnection(const std::shared_ptr<Tcp::Peer>& peer) {
    auto c = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!c) return;
    std::lock_guard lock(c->mutex);
    c->gone = true;
    std::lock_guard table_lock(table_mutex);
    table.remove(c->id);
    connections.erase(c->id);
  }

  // Every quarter second: connections past their phase's time limit are answered 408 (a
  // request was on its way) or closed (idle; closing and past the grace).
  void sweep() {
    std::unique_lock wait_lock(sweeper_mutex);
    while (!sweeper_wake.wait_for(wait_lock, std::chrono::milliseconds(250), [&] { return sweeper_stop; })) {
      std::vector<std::pair<std::shared_ptr<Connection>, ConnPhase>> due;
      {
        std::lock_guard lock(table_mutex);
        for (const auto& [id, phase] : table.expired(ConnectionTable::Clock::now())) {
          auto it = connections.find(id);
          if (it == connections.end()) continue;
          if (auto c = it->second.lock()) due.emplace_back(c, phase);
        }
      }
      for (auto& [c, phase] : due) {
        std::lock_guard lock(c->mutex);
        if (c->gone || c->busy) continue;
        if (phase == ConnPhase::head || phase == ConnPhase::body) {
          if (c->closing) continue;
          send(c, problem(408, "Request timeout", "the request did not arrive in time"), Http::Version::Http11, true);
        } else {
          c->closing = true;
          cut(*c, SHUT_RDWR);
          std::lock_guard table_lock(table_mutex);
          table.remove(c->id);  // it is gone for the caps; the reactor drops it shortly
        }
      }
    }
  }
};

namespace {

// Takes over Pistache's request handling at the byte level: Http::Handler is kept only as
// the type Pistache's endpoint and response writer expect.
class PistacheHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(PistacheHandler)
  explicit PistacheHandler(Server::Impl* impl) : impl_(impl) {}

  void onRequest(const Http::Request&, Http::ResponseWriter) override {}  // never called

  void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    impl_->on_connection(peer, transport(), this);
  }
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    impl_->on_input(buffer, len, peer);
  }
  void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override { impl_->on_disconnection(peer); }

 private:
  Server::Impl* impl_;
};

}  // namespace

Server::Server(const Router& router, ServerOptions options, ErrorMapper errors, RequestObserver observer)
    : impl_(std::make_unique<Impl>(router, std::move(options), std::move(errors), std::move(observer))) {}

Server::~Server() { shutdown(std::chrono::seconds(2)); }

void Server::start() {
  auto& o = impl_->options;
  // Room for the caps: every connection is a descriptor, and the database and media need theirs.
  const std::size_t descriptors = raise_descriptor_limit();
  auto limits = o.connections;
  if (descriptors > 1024 && limits.max_connections > descriptors - 512) limits.max_connections = descriptors - 512;
  if (descriptors <= 1024) limits.max_connections = std::min<std::size_t>(limits.max_connections, descriptors / 2);
  impl_->table = ConnectionTable(limits);
  impl_->workers = std::make_unique<WorkerPool>(o.workers);
  Address addr(o.address, Port(o.port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
  // Pistache's own timeouts are set out of the way: ours (ConnectionLimits) apply.
  const auto never = std::chrono::hours(24 * 365);
  auto opts = Http::Endpoint::options()
                  .threads(o.reactor_threads)
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(o.max_body_bytes + o.max_head_bytes)
                  .maxResponseSize(64 * 1024 * 1024)
                  .headerTimeout(never)
                  .bodyTimeout(never)
                  .keepaliveTimeout(never);
  impl_->endpoint->init(opts);
  impl_->endpoint->setHandler(Http::make_handler<PistacheHandler>(impl_.get()));
  impl_->endpoint->serveThreaded();
  impl_->sweeper = std::thread([impl = impl_.get()] { impl->sweep(); });
}

std::uint16_t Server::port() const { return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0; }

void Server::shutdown(std::chrono::milliseconds grace) {
  if (!impl_->endpoint) return;
  impl_->stopping = true;
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::lock_guard lock(impl_->sweeper_mutex);
    impl_->sweeper_stop = true;
  }
  impl_->sweeper_wake.notify_all();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
  // Workers first (they finish queued jobs), so no job touches a stopped endpoint.
  impl_->workers.reset();
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
}

Response Server::handle(Request& req) const { return impl_->dispatch(req); }

}  // namespace api
