// One session scenario run on the Node in this process and on a media-node process driven
// through RemoteNode: both must run the session that was asked for (layout, outputs,
// visible tiles, the payload types and addresses the halls chose).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "media/node.hpp"
#include "media/remote_node.hpp"
#include "node_process.hpp"

namespace media {
namespace {

// A media-node child process on a free port: its control API's "host:port".
struct NodeAtFreePort {
  test_support::NodeProcess process{{"--port", "0", "--rtp-ports", "0-0"}};
  std::string address = process.listening_address();
};

// Where a hall listens: a UDP socket on loopback that reports the payload types it got.
class HallSocket {
 public:
  HallSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~HallSocket() { ::close(fd_); }
  HallSocket(const HallSocket&) = delete;
  HallSocket& operator=(const HallSocket&) = delete;
  std::uint16_t port() const { return port_; }
  // The payload type of the first RTP packet (not RTCP) within `limit`; -1 when none came.
  int first_payload_type(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return -1;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return -1;
      unsigned char buffer[2048];
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n < 2) continue;
      const int type = buffer[1] & 0x7f;
      if (buffer[1] >= 192 && buffer[1] <= 223) continue;  // RTCP (SR, RR, SDES, BYE, feedback)
      return type;
    }
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

struct Observed {
  LayoutKind layout = LayoutKind::grid;
  std::multiset<std::string> outputs;  // each leg's output profile
  std::size_t visible = 0;
  int video_payload_type = -1;  // what the hall with a fixed address received
  int audio_payload_type = -1;
  LayoutKind layout_after_change = LayoutKind::grid;
  bool muted_after_mute = false;
  bool operator==(const Observed&) const = default;
};

Observed run_scenario(NodeControl& node) {
  SessionOptions session;
  session.layout = LayoutKind::speaker;
  session.outputs = {{"main", 640, 360, 800}, {"small", 320, 180, 300}};
  session.max_visible = 2;
  session.loudest_k = 2;
  session.framerate = 15;
  const std::string s = node.open_session(session);

  HallSocket video, audio;
  LegOptions fixed;  // a hall that chose its own payload types and addresses
  fixed.hall_id = "1";
  fixed.display_name = "Sở Y tế";
  fixed.output = "small";
  fixed.video.payload_type = 100;
  fixed.video.remote_rtp = Endpoint{"127.0.0.1", video.port()};
  fixed.audio.payload_type = 101;
  fixed.audio.remote_rtp = Endpoint{"127.0.0.1", audio.port()};
  const auto first = node.add_leg(s, fixed);
  for (const char* hall : {"2", "3"}) {
    LegOptions other;
    other.hall_id = hall;
    other.output = "main";
    node.add_leg(s, other);
  }

  Observed o;
  o.video_payload_type = video.first_payload_type(std::chrono::seconds(10));
  o.audio_payload_type = audio.first_payload_type(std::chrono::seconds(10));
  const auto stats = node.session_stats(s);
  o.layout = stats.layout;
  for (const auto& leg : stats.legs) {
    o.outputs.insert(leg.output);
    if (leg.visible) ++o.visible;
  }
  node.set_layout(s, LayoutKind::grid);
  node.set_audio_muted(s, first.leg_id, true);
  const auto changed = node.session_stats(s);
  o.layout_after_change = changed.layout;
  for (const auto& leg : changed.legs)
    if (leg.leg_id == first.leg_id) o.muted_after_mute = leg.audio_muted;
  node.end_session(s);
  return o;
}

TEST(NodeParity, AMediaNodeProcessRunsTheSessionTheEmbeddedNodeRuns) {
  Node embedded(NodeOptions{"127.0.0.1", 0, 0});
  const Observed here = run_scenario(embedded);

  NodeAtFreePort process;
  ASSERT_FALSE(process.address.empty());
  RemoteNode remote(process.address);
  ASSERT_TRUE(remote.healthy());
  const Observed there = run_scenario(remote);

  // What was asked for, on the embedded node...
  EXPECT_EQ(here.layout, LayoutKind::speaker);
  EXPECT_EQ(here.outputs, (std::multiset<std::string>{"main", "main", "small"}));
  EXPECT_EQ(here.visible, 2u);  // max_visible
  EXPECT_EQ(here.video_payload_type, 100);
  EXPECT_EQ(here.audio_payload_type, 101);
  EXPECT_EQ(here.layout_after_change, LayoutKind::grid);
  EXPECT_TRUE(here.muted_after_mute);
  // ...and the same on the remote one.
  EXPECT_EQ(there.layout, here.layout);
  EXPECT_EQ(there.outputs, here.outputs);
  EXPECT_EQ(there.visible, here.visible);
  EXPECT_EQ(there.video_payload_type, here.video_payload_type);
  EXPECT_EQ(there.audio_payload_type, here.audio_payload_type);
  EXPECT_EQ(there, here);
}

TEST(NodeParity, ARemoteNodesRefusalsAreTheTypedErrors) {
  NodeAtFreePort process;
  RemoteNode remote(process.address);
  EXPECT_THROW(remote.session_stats("s999"), NotFound);
  SessionOptions bad;
  bad.framerate = 1000;
  EXPECT_THROW(remote.open_session(bad), InvalidInput);
  EXPECT_THROW(RemoteNode("no-port"), InvalidInput);
  RemoteNode nobody("127.0.0.1:1");
  EXPECT_FALSE(nobody.healthy());
  EXPECT_THROW(nobody.open_session({}), Unavailable);
}

}  // namespace
}  // namespace media
