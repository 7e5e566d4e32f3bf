#include "scheduler/relay.hpp"

#include <gtest/gtest.h>

#include "scheduler/errors.hpp"

namespace sched {
namespace {

TEST(RelayAllowList, LoopbackOnlyByDefault) {
  const AddressAllowList list(kDefaultRelayAllow);
  EXPECT_TRUE(list.allows("127.0.0.1"));
  EXPECT_TRUE(list.allows("127.5.6.7"));
  EXPECT_TRUE(list.allows("::1"));
  EXPECT_TRUE(list.allows("::ffff:127.0.0.1"));
  EXPECT_FALSE(list.allows("10.0.0.1"));
  EXPECT_FALSE(list.allows("::2"));
  EXPECT_FALSE(list.allows("::ffff:10.0.0.1"));
}

TEST(RelayAllowList, NetworksOfBothFamiliesAndBareAddresses) {
  const AddressAllowList list({"10.20.0.0/16", "203.0.113.7", "2001:db8:abcd::/48"});
  EXPECT_TRUE(list.allows("10.20.255.1"));
  EXPECT_FALSE(list.allows("10.21.0.1"));
  EXPECT_TRUE(list.allows("203.0.113.7"));
  EXPECT_FALSE(list.allows("203.0.113.8"));
  EXPECT_TRUE(list.allows("2001:db8:abcd:1::9"));
  EXPECT_TRUE(list.allows("2001:0db8:abcd:0000:0000:0000:0000:0001"));
  EXPECT_FALSE(list.allows("2001:db8:abce::1"));
  EXPECT_FALSE(list.allows("127.0.0.1"));
}

TEST(RelayAllowList, NamesAndMalformedAddressesAreNeverAllowed) {
  const AddressAllowList everything({"0.0.0.0/0", "::/0"});
  for (const char* bad : {"localhost", "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/8", "::1::",
                          "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", " 1.2.3.4", "gggg::1"})
    EXPECT_FALSE(everything.allows(bad)) << bad;
  EXPECT_TRUE(everything.allows("8.8.8.8"));
  EXPECT_TRUE(everything.allows("2001:db8::1"));
}

TEST(RelayAllowList, AnEntryThatIsNotACidrIsRefused) {
  for (const char* bad : {"10.0.0.0/33", "::/129", "example.org", "10.0.0.0/", "10.0.0.0/x"})
    EXPECT_THROW(AddressAllowList({bad}), std::invalid_argument) << bad;
}

TEST(CheckRelay, AnAddressOutsideTheListIsRefusedNamingTheField) {
  const AddressAllowList list(kDefaultRelayAllow);
  Relay r{"198.51.100.4", 5004, 5006};
  try {
    check_relay(r, list);
    FAIL() << "accepted";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "relay.upstream.address");
  }
  r.address = "127.0.0.1";
  EXPECT_NO_THROW(check_relay(r, list));
  r.audio_port = r.video_port;
  EXPECT_THROW(check_relay(r, list), InvalidInput);
  r.audio_port = 5006;
  r.send_up = SendUp::composite;
  EXPECT_THROW(check_relay(r, list), InvalidInput);
}

TEST(CheckRelay, ModesRoundTrip) {
  for (auto s : {SendUp::host, SendUp::composite}) EXPECT_EQ(send_up_from(to_string(s)), s);
  for (auto h : {RelayHalls::small, RelayHalls::hidden}) EXPECT_EQ(relay_halls_from(to_string(h)), h);
  EXPECT_FALSE(send_up_from("everyone"));
  EXPECT_FALSE(relay_halls_from("large"));
}

}  // namespace
}  // namespace sched
