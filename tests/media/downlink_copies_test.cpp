// A receiver on a lossy downlink gets each packet of the composite twice; one on a clean
// link gets it once. Real node, real RTP over loopback: the "lossy" receiver is a raw UDP
// socket that drops 12 % of what arrives and NACKs what is still missing, as a hall
// behind a lossy link would.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "media/rtp.hpp"
#include "support.hpp"

namespace media {
namespace {
using namespace std::chrono_literals;

struct Receiver {
  test::RawUdp video;
  test::RawUdp audio;
  LegInfo leg;
  std::map<std::uint16_t, int> arrived;  // sequence number -> copies that reached the socket
  std::map<std::uint16_t, int> seen;     // the same, less those the "link" dropped
  std::set<std::uint16_t> nacked;
  std::uint32_t ssrc = 0;
};

// Reads the composite for `duration`. With `loss` > 0 it behaves as a hall behind a lossy
// link: that share of the datagrams is dropped on arrival (a fixed pseudo-random draw), and
// a sequence number still missing 80 ms after it was due is NACKed, as a jitter buffer asks.
void receive(Receiver& r, std::chrono::milliseconds duration, double loss) {
  std::mt19937 random(11);
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  std::map<std::uint16_t, std::chrono::steady_clock::time_point> missing;  // dropped, not seen since
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    const auto packet = r.video.receive(20ms);
    const auto now = std::chrono::steady_clock::now();
    if (packet && !looks_like_rtcp(*packet)) {
      if (const auto header = parse_rtp(*packet)) {
        ++r.arrived[header->sequence];
        if (loss > 0 && draw(random) < loss) {
          if (!r.seen.contains(header->sequence)) missing.try_emplace(header->sequence, now + 80ms);
        } else {
          ++r.seen[header->sequence];
          missing.erase(header->sequence);
          r.ssrc = header->ssrc;
        }
      }
    }
    std::vector<std::uint16_t> ask;
    for (auto it = missing.begin(); it != missing.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      ask.push_back(it->first);
      r.nacked.insert(it->first);
      it = missing.erase(it);
    }
    if (ask.empty()) continue;
    std::vector<std::uint8_t> nack;
    append_receiver_report(nack, 0x0BADF00Du, {});
    append_nack(nack, 0x0BADF00Du, r.ssrc, ask);
    r.video.send_to(r.leg.video.rtcp, nack);
  }
}

// Of the sequence numbers that reached the socket and were never NACKed, the fraction that
// came twice or more.
double copied_fraction(const Receiver& r) {
  int all = 0, twice = 0;
  for (const auto& [sequence, copies] : r.arrived) {
    if (r.nacked.contains(sequence)) continue;  // its retransmission is a copy too
    ++all;
    if (copies >= 2) ++twice;
  }
  return all == 0 ? 0.0 : static_cast<double>(twice) / all;
}

TEST(DownlinkCopies, AReceiverThatKeepsAskingForPacketsGetsEachTwiceAndAQuietOneOnce) {
  Node node(NodeOptions{"127.0.0.1", 0, 0});
  auto session = node.create_session(SessionOptions{});
  Receiver lossy, clean;
  lossy.leg = session->add_leg(test::test_leg("lossy", lossy.video.port(), lossy.audio.port()));
  clean.leg = session->add_leg(test::test_leg("clean", clean.video.port(), clean.audio.port()));
  std::thread quiet([&] { receive(clean, 9s, 0.0); });
  receive(lossy, 4s, 0.12);  // 12 % lost: copies are tried, and kept as the asking falls
  lossy.arrived.clear();
  lossy.nacked.clear();
  receive(lossy, 5s, 0.12);
  quiet.join();
  ASSERT_GT(lossy.seen.size(), 50u) << "the composite did not reach the receiver";
  ASSERT_GT(clean.seen.size(), 50u);
  EXPECT_GT(copied_fraction(lossy), 0.9);
  EXPECT_EQ(copied_fraction(clean), 0.0);
}

}  // namespace
}  // namespace media
