#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <atomic>
#include <sstream>
#include <thread>

#include "http/http_error.hpp"
#include "http/worker_pool.hpp"

namespace api {
namespace {

using namespace Pistache;

// Pistache 0.0.5 leaves query values percent-encoded. '+' stays '+' (RFC 3986), so an
// unencoded offset such as +07:00 still reads as sent.
std::string percent_decode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

Request to_request(const Http::Request& in) {
  Request r;
  r.method = Http::methodString(in.method());
  r.path = in.resource();
  for (auto it = in.query().parameters_begin(); it != in.query().parameters_end(); ++it) r.query[percent_decode(it->first)] = percent_decode(it->second);
  // Pistache parses the headers it knows into typed objects and keeps the rest raw.
  for (const auto& h : in.headers().list()) {
    std::ostringstream os;
    h->write(os);
    r.headers[h->name()] = os.str();
  }
  for (const auto& [name, raw] : in.headers().rawList()) r.headers[raw.name()] = raw.value();
  r.body = in.body();
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

bool wants_close(const Request& r, Http::Version version) {
  auto c = r.header("Connection");
  std::string v = c.value_or("");
  for (auto& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (version == Http::Version::Http10) return v.find("keep-alive") == std::string::npos;
  return v.find("close") != std::string::npos;
}

}  // namespace

struct Server::Impl {
  Impl(const Router& r, ServerOptions o, ErrorMapper e, RequestObserver obs)
      : router(r), options(std::move(o)), errors(std::move(e)), observer(std::move(obs)) {}

  const Router& router;
  ServerOptions options;
  ErrorMapper errors;
  RequestObserver observer;
  std::unique_ptr<Http::Endpoint> endpoint;
  std::unique_ptr<WorkerPool> workers;
  std::atomic<int> in_flight{0};

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

  void send(Http::ResponseWriter& writer, const Response& resp, bool close) const {
    for (const auto& [name, value] : resp.headers) {
      // Header injection: a value never carries a line break.
      if (value.find_first_of("\r\n") != std::string::npos) continue;
      writer.headers().add(std::make_shared<NamedHeader>(name, value));
    }
    // Pistache 0.0.5 presets "Connection: Close" unless the client sent keep-alive; HTTP/1.1
    // is persistent by default (RFC 9112 §9.3), so replace it.
    if (writer.headers().has<Http::Header::Connection>()) writer.headers().remove<Http::Header::Connection>();
    writer.headers().add<Http::Header::Connection>(close ? Http::ConnectionControl::Close
                                                         : Http::ConnectionControl::KeepAlive);
    const auto code = static_cast<Http::Code>(resp.status);
    if (!resp.file.empty() && resp.status == 200) {
      // The MIME type is always given: Pistache guesses only a few, and a module script
      // served as application/octet-stream is refused by browsers.
      try {
        Http::serveFile(writer, resp.file, Http::Mime::MediaType::fromString(resp.content_type));
      } catch (const Http::HttpError&) {
        writer.send(Http::Code::Not_Found);  // the file went away since the route looked
      }
      return;
    }
    if (resp.content_type.empty()) {
      writer.send(code);
    } else {
      writer.send(code, resp.body, Http::Mime::MediaType::fromString(resp.content_type));
    }
  }
};

namespace {

class PistacheHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(PistacheHandler)
  explicit PistacheHandler(Server::Impl* impl) : impl_(impl) {}

  void onRequest(const Http::Request& in, Http::ResponseWriter writer) override {
    const auto started = std::chrono::steady_clock::now();
    auto req = std::make_shared<Request>(to_request(in));
    const bool close = wants_close(*req, in.version());
    auto out = std::make_shared<Http::ResponseWriter>(std::move(writer));
    ++impl_->in_flight;
    Server::Impl* impl = impl_;
    impl->workers->post([impl, req, out, close, started] {
      Response resp = impl->dispatch(*req);
      try {
        impl->send(*out, resp, close);
      } catch (...) {
        // The client went away; nothing to answer.
      }
      if (impl->observer) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        impl->observer(req->method, req->route, resp.status, seconds);
      }
      --impl->in_flight;
    });
  }

 private:
  Server::Impl* impl_;
};

}  // namespace

Server::Server(const Router& router, ServerOptions options, ErrorMapper errors, RequestObserver observer)
    : impl_(std::make_unique<Impl>(router, std::move(options), std::move(errors), std::move(observer))) {}

Server::~Server() { shutdown(std::chrono::seconds(2)); }

void Server::start() {
  auto& o = impl_->options;
  impl_->workers = std::make_unique<WorkerPool>(o.workers);
  Address addr(o.address, Port(o.port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(addr);
  // Pistache's own limit sits above ours so that we, not it, answer oversized bodies.
  auto opts = Http::Endpoint::options()
                  .threads(o.reactor_threads)
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(o.max_body_bytes + 64 * 1024)
                  .maxResponseSize(64 * 1024 * 1024)
                  .keepaliveTimeout(std::chrono::seconds(75));
  impl_->endpoint->init(opts);
  impl_->endpoint->setHandler(Http::make_handler<PistacheHandler>(impl_.get()));
  impl_->endpoint->serveThreaded();
}

std::uint16_t Server::port() const { return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0; }

void Server::shutdown(std::chrono::milliseconds grace) {
  if (!impl_->endpoint) return;
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Workers first (they finish queued jobs), so no job touches a stopped endpoint.
  impl_->workers.reset();
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
}

Response Server::handle(Request& req) const { return impl_->dispatch(req); }

}  // namespace api
