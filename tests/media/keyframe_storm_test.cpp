// One hall on a link that loses 20 % of what the node sends asks for a keyframe (PLI) after
// every loss, as a receiver's depayloader does; the other halls of its output profile get
// the same shared encoder's stream, so they must see no more keyframes than its limit
// allows (kForcedKeyframeInterval). Real node, RTP over 127.0.0.1; the loss is made here.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <random>
#include <set>
#include <thread>

#include "media/keyframe_limiter.hpp"
#include "media/node.hpp"
#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

// Does this H.264 RTP payload carry the start of an IDR picture (single NAL, STAP-A, FU-A)?
bool starts_idr(std::span<const std::uint8_t> payload) {
  if (payload.empty()) return false;
  const std::uint8_t type = payload[0] & 0x1F;
  if (type == 5) return true;
  if (type == 24) {
    for (std::size_t at = 1; at + 3 <= payload.size();) {
      const std::size_t size = static_cast<std::size_t>(payload[at] << 8 | payload[at + 1]);
      if (size == 0 || at + 2 + size > payload.size()) return false;
      if ((payload[at + 2] & 0x1F) == 5) return true;
      at += 2 + size;
    }
    return false;
  }
  return type == 28 && payload.size() >= 2 && (payload[1] & 0x80) && (payload[1] & 0x1F) == 5;
}

LegOptions receiver(const std::string& hall, std::uint16_t video_port) {
  LegOptions o;  // RTCP muxed on the video port, both ways
  o.hall_id = hall;
  o.output = "sd";
  o.video.remote_rtp = Endpoint{"127.0.0.1", video_port};
  return o;
}

TEST(KeyframeStorm, AHallAtTwentyPercentLossAskingAfterEveryLossGivesTheOthersOnlyTheLimitedKeyframes) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  SessionOptions options;
  options.max_visible = 4;
  auto session = node.create_session(options);
  test::RawUdp lossy_socket, healthy_socket;
  const auto lossy = session->add_leg(receiver("lossy", lossy_socket.port()));
  (void)session->add_leg(receiver("healthy", healthy_socket.port()));

  std::atomic<bool> running{true};
  std::atomic<bool> counting{false};
  std::atomic<std::uint64_t> plis{0}, lossy_packets{0};
  std::thread lossy_hall([&] {
    std::mt19937 random(20);
    bool lost = false;
    while (running) {
      const auto packet = lossy_socket.receive(50ms);
      if (!packet || looks_like_rtcp(*packet)) continue;
      ++lossy_packets;
      if (random() % 5 == 0) {  // 20 % of the composite never arrives
        lost = true;
        continue;
      }
      if (!lost) continue;
      lost = false;
      std::vector<std::uint8_t> pli;  // the picture is broken: ask for a keyframe
      append_receiver_report(pli, 0x10550, {});
      append_pli(pli, 0x10550, 0);
      lossy_socket.send_to(lossy.video.rtp, pli);
      if (counting) ++plis;
    }
  });
  std::set<std::uint32_t> idr_timestamps;  // of the healthy hall's stream, while counting
  std::uint64_t healthy_packets = 0;
  std::thread healthy_hall([&] {
    while (running) {
      const auto packet = healthy_socket.receive(50ms);
      if (!packet || looks_like_rtcp(*packet)) continue;
      const auto rtp = parse_rtp(*packet);
      if (!rtp || !counting) continue;
      ++healthy_packets;
      if (starts_idr(std::span(*packet).subspan(rtp->payload_offset, rtp->payload_size)))
        idr_timestamps.insert(rtp->timestamp);
    }
  });

  std::this_thread::sleep_for(2s);  // the joins' keyframes are over, the storm has begun
  const auto window = 10s;
  counting = true;
  std::this_thread::sleep_for(window);
  counting = false;
  running = false;
  lossy_hall.join();
  healthy_hall.join();

  const double seconds = std::chrono::duration<double>(window).count();
  const double interval = std::chrono::duration<double>(kForcedKeyframeInterval).count();
  // Forced ones at most one per interval (+1 for the window's edge), plus the encoder's own
  // every 4 s (+1 for the edge).
  const auto limit = static_cast<std::size_t>(std::floor(seconds / interval) + 1 + std::ceil(seconds / 4) + 1);
  const std::size_t keyframes = idr_timestamps.size();
  EXPECT_GT(lossy_packets.load(), 200u) << "the lossy hall got too little to lose";
  EXPECT_GT(healthy_packets, 200u);
  // The storm is real: more requests than the limit lets through...
  EXPECT_GT(plis.load(), limit) << plis.load() << " PLIs";
  // ...and they do reach the encoder (its own keyframes alone would be 2 or 3 in the window)...
  EXPECT_GE(keyframes, static_cast<std::size_t>(seconds / interval / 2)) << keyframes << " keyframes";
  // ...but the healthy hall sees no more than the limit allows.
  EXPECT_LE(keyframes, limit) << keyframes << " keyframes in " << seconds << " s for " << plis.load() << " PLIs";
  RecordProperty("keyframes", static_cast<int>(keyframes));
  RecordProperty("plis", static_cast<int>(plis.load()));
  std::printf("keyframes at the healthy hall: %zu in %.0f s (limit %zu), PLIs from the lossy hall: %llu\n",
              keyframes, seconds, limit, static_cast<unsigned long long>(plis.load()));
}

}  // namespace
}  // namespace media
