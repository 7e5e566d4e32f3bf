// media-node: one media Node behind a loopback HTTP/JSON control API.
//   media-node [--listen 127.0.0.1] [--port 8090] [--rtp-address 127.0.0.1]
//              [--rtp-ports 40000-49999]
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

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

std::optional<long> number(const std::string& s) {
  try {
    std::size_t used = 0;
    const long v = std::stol(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<Flags> parse_flags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") return std::nullopt;
    if (i + 1 >= argc) return std::nullopt;
    const std::string value = argv[++i];
    if (flag == "--listen") {
      f.listen = value;
    } else if (flag == "--port") {
      const auto v = number(value);
      if (!v || *v < 0 || *v > 65535) return std::nullopt;
      f.port = static_cast<std::uint16_t>(*v);
    } else if (flag == "--rtp-address") {
      f.node.bind_address = value;
    } else if (flag == "--rtp-ports") {
      const auto dash = value.find('-');
      if (dash == std::string::npos) return std::nullopt;
      const auto lo = number(value.substr(0, dash)), hi = number(value.substr(dash + 1));
      if (!lo || !hi || *lo < 0 || *hi > 65535 || *lo > *hi) return std::nullopt;
      f.node.port_min = static_cast<std::uint16_t>(*lo);
      f.node.port_max = static_cast<std::uint16_t>(*hi);
    } else if (flag == "--webrtc-ice-address") {
      f.webrtc.ice_addresses.push_back(value);
    } else if (flag == "--webrtc-ports") {
      const auto dash = value.find('-');
      if (dash == std::string::npos) return std::nullopt;
      const auto lo = number(value.substr(0, dash)), hi = number(value.substr(dash + 1));
      if (!lo || !hi || *lo < 1 || *hi > 65535 || *lo > *hi) return std::nullopt;
      f.webrtc.ice_port_min = static_cast<std::uint16_t>(*lo);
      f.webrtc.ice_port_max = static_cast<std::uint16_t>(*hi);
    } else {
      return std::nullopt;
    }
  }
  return f;
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
  const auto flags = parse_flags(argc, argv);
  if (!flags) {
    std::cerr << "usage: media-node [--listen 127.0.0.1] [--port 8090] [--rtp-address 127.0.0.1]"
                 " [--rtp-ports 40000-49999]\n"
                 "                  [--webrtc-ice-address IP]... [--webrtc-ports 50000-50999]\n";
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every thread inherits this; main waits below

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
