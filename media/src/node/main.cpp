// media-node: one media Node behind a loopback HTTP/JSON control API.
//   media-node [--listen 127.0.0.1] [--port 8090] [--rtp-address 127.0.0.1]
//              [--rtp-ports 40000-49999] [--webrtc-ice-address IP]... [--webrtc-ports 50000-50999]
#include <CLI/CLI.hpp>
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "media/control_api.hpp"
#include "media/node.hpp"
#include "media/webrtc_edge.hpp"
#include "platform/readiness.hpp"

namespace {
using namespace Pistache;

struct Flags {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8090;
  media::NodeOptions node;
  media::WebrtcEdgeOptions webrtc;
};

// "LOW-HIGH" within lowest-65535; throws CLI::ValidationError naming the option.
std::pair<std::uint16_t, std::uint16_t> port_range(const std::string& option, const std::string& text, int lowest) {
  const auto dash = text.find('-');
  int lo = -1, hi = -1;
  try {
    if (dash != std::string::npos) lo = std::stoi(text.substr(0, dash)), hi = std::stoi(text.substr(dash + 1));
  } catch (const std::exception&) {  // not numbers
  }
  if (lo < lowest || hi > 65535 || lo > hi)
    throw CLI::ValidationError(option, "must be LOW-HIGH within " + std::to_string(lowest) + "-65535");
  return {static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)};
}

// The command line (CLI11, like meetingd's). nullopt: the program should exit with `code`.
std::optional<Flags> parse_flags(int argc, char** argv, int& code) {
  Flags f;
  CLI::App app{"media-node: one media Node behind a loopback HTTP/JSON control API"};
  std::string rtp_ports = "40000-49999";
  std::string webrtc_ports = std::to_string(f.webrtc.ice_port_min) + "-" + std::to_string(f.webrtc.ice_port_max);
  app.add_option("--listen", f.listen, "address of the control API");
  app.add_option("--port", f.port, "port of the control API (0: any free port)");
  app.add_option("--rtp-address", f.node.bind_address, "address legs' RTP/RTCP sockets listen on");
  app.add_option("--rtp-ports", rtp_ports, "RTP port range, LOW-HIGH (0-0: any free port)");
  app.add_option("--webrtc-ice-address", f.webrtc.ice_addresses, "an IP browser peers' ICE gathers on (repeatable; default: all)");
  app.add_option("--webrtc-ports", webrtc_ports, "UDP port range of browser peers' ICE, LOW-HIGH");
  try {
    app.parse(argc, argv);
    std::tie(f.node.port_min, f.node.port_max) = port_range("--rtp-ports", rtp_ports, 0);
    std::tie(f.webrtc.ice_port_min, f.webrtc.ice_port_max) = port_range("--webrtc-ports", webrtc_ports, 1);
    return f;
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    code = 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "media-node: " << e.what() << "\n" << app.help();
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
  // A peer that closes while an answer is being written must cost that connection only,
  // never the process (SIGPIPE's default action ends it without a word).
  std::signal(SIGPIPE, SIG_IGN);

  try {
    media::Node node(flags->node);
    media::WebrtcEdge edge(node, flags->webrtc);  // destroyed before the node: its legs go first
    media::ControlApi api(node, &edge);
    Http::Endpoint endpoint(Address(flags->listen, Port(flags->port)));
    endpoint.init(Http::Endpoint::options().threads(2).flags(Tcp::Options::ReuseAddr).maxRequestSize(64 * 1024));
    endpoint.setHandler(Http::make_handler<Handler>(&api));
    endpoint.serveThreaded();
    std::cout << "media-node: listening on " << flags->listen << ":" << endpoint.getPort() << std::endl;
    platform::notify_ready("listening on " + flags->listen + ":" + std::to_string(endpoint.getPort()));
    int received = 0;
    sigwait(&signals, &received);
    std::cout << "media-node: stopping" << std::endl;
    platform::notify_stopping();
    endpoint.shutdown();
  } catch (const std::exception& e) {
    std::cerr << "media-node: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
