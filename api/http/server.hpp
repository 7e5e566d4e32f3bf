#pragma once
// The HTTP server. Pistache 0.0.5 carries the bytes (accepting, reading, writing; nothing
// else sees Pistache), but requests are read by our own strict reader, so that every
// answer, a malformed request's included, is problem+json with a fixed detail. Requests
// are handed to a pool of worker threads, which run the handler (database work included)
// and send the answer; the reactor never waits on the database. A connection answers its
// requests one at a time, in order (pipelined requests wait their turn); it stays open
// unless the client asks to close, and is closed after a malformed or oversized request.
// Idle, slow and excess connections are shed by the limits in ConnectionLimits.
// Shutdown stops taking new work, lets in-flight requests finish (up to a grace period),
// then stops the listener.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/connection_table.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace api {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;           // 0: any free port
  int reactor_threads = 2;
  int workers = 16;                    // handler threads (each may hold a database connection)
  std::size_t max_body_bytes = 256 * 1024;  // documented limit; larger bodies get 413
  std::size_t max_head_bytes = 32 * 1024;   // request line and headers; larger get 431
  ConnectionLimits connections;
};

// Turns an exception thrown by a handler into the answer (problem+json).
using ErrorMapper = std::function<Response(std::exception_ptr)>;
// Called after every request: method, route pattern (or "" when unmatched), status, seconds.
using RequestObserver = std::function<void(const std::string&, const std::string&, int, double)>;

class Server {
 public:
  Server(const Router& router, ServerOptions options, ErrorMapper errors, RequestObserver observer = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();                           // returns once listening
  [[nodiscard]] std::uint16_t port() const;
  void shutdown(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // Runs one request through routing and the handler, as the server does (for tests).
  Response handle(Request& req) const;

  struct Impl;  // the Pistache side (server.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace api
