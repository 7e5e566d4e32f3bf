// media-node: one media Node behind a loopback HTTP/JSON control API.
//   media-node [--listen 127.0.0.1] [--port 8090] [--rtp-address 127.0.0.1]
//              [--rtp-ports 40000-49999]
#include <CLI/CLI.hpp>
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <string>

#include "media/control_api.hpp"
#include "media/node.hpp"

namespace {
using namespace Pistache;

struct Flags {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8090;
  media::NodeOptions node;
};

// The command line (CLI11, like meetingd's). nullopt: the program should exit with `code`.
std::optional<Flags> parse_flags(int argc, char** argv, int& code) {
  Flags f;
  CLI::App app{"media-node: one media Node behind a loopback HTTP/JSON control API"};
  std::string rtp_ports = "40000-49999";
  app.add_option("--listen", f.listen, "address of the control API");
  app.add_option("--port", f.port, "port of the control API (0: any free port)");
  app.add_option("--rtp-address", f.node.bind_address, "address legs' RTP/RTCP sockets listen on");
  app.add_option("--rtp-ports", rtp_ports, "RTP port range, LOW-HIGH (0-0: any free port)");
  try {
    app.parse(argc, argv);
    const auto dash = rtp_ports.find('-');
    if (dash == std::string::npos) throw CLI::ValidationError("--rtp-ports", "must be LOW-HIGH");
    const int lo = std::stoi(rtp_ports.substr(0, dash)), hi = std::stoi(rtp_ports.substr(dash + 1));
    if (lo < 0 || hi > 65535 || lo > hi) throw CLI::ValidationError("--rtp-ports", "must be LOW-HIGH within 0-65535");
    f.node.port_min = static_cast<std::uint16_t>(lo);
    f.node.port_max = static_cast<std::uint16_t>(hi);
    return f;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    code = 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "media-node: " << e.what() << "\n" << app.help();
    code = 2;
  } catch (const std::exception&) {  // std::stoi on a range that is not numbers
    std::cerr << "media-node: --rtp-ports must be LOW-HIGH\n" << app.help();
    code = 2;
  }
  return std::nullopt;
}

class Handler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  explicit Handler(media::ControlApi* api) : api_(api) {}

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    media::ControlResponse response;
    try {
      response = api_->handle(Http::methodString(request.method()), request.resource(), request.body());
    } catch (...) {
      response = {500, "application/problem+json", R"({"title":"Internal error","status":500})"};
    }
    try {
      writer.headers().add<Http::Header::ContentType>(Http::Mime::MediaType::fromString(response.content_type));
      writer.send(static_cast<Http::Code>(response.status), response.body);
    } catch (...) {
      // The client went away.
    }
  }

 private:
  media::ControlApi* api_;
};

}  // namespace

int main(int argc, char** argv) {
  int code = 0;
  const auto flags = parse_flags(argc, argv, code);
  if (!flags) return code;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every thread inherits this; main waits below

  try {
    media::Node node(flags->node);
    media::ControlApi api(node);
    Http::Endpoint endpoint(Address(flags->listen, Port(flags->port)));
    endpoint.init(Http::Endpoint::options().threads(2).flags(Tcp::Options::ReuseAddr).maxRequestSize(64 * 1024));
    endpoint.setHandler(Http::make_handler<Handler>(&api));
    endpoint.serveThreaded();
    std::cout << "media-node: listening on " << flags->listen << ":" << endpoint.getPort() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "media-node: stopping" << std::endl;
    endpoint.shutdown();
  } catch (const std::exception& e) {
    std::cerr << "media-node: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
