#include "conductor/node_registry.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "scheduler/errors.hpp"

namespace conductor {
namespace {

struct World {
  fakes::LiveRepository live;
  std::shared_ptr<fakes::Node> embedded = std::make_shared<fakes::Node>();
  std::map<std::string, std::weak_ptr<fakes::Node>> made;  // address -> the last driver made for it
  NodeRegistry nodes{live, {"embedded", "127.0.0.1", 10, embedded}, [this](const std::string& address) {
                       if (address.find(':') == std::string::npos) throw media::InvalidInput("host:port");
                       auto node = std::make_shared<fakes::Node>();
                       made[address] = node;
                       return node;
                     }};
};

TEST(NodeRegistry, ADriverHandedOutOutlivesItsReplacementByAddNode) {
  World w;
  const auto b = w.nodes.add("node-b", "127.0.0.1:9001", 100);
  Backend in_use = w.nodes.backend(NodeId(b.id));  // e.g. the round is watching a session on it
  const std::weak_ptr<fakes::Node> first = w.made.at("127.0.0.1:9001");
  w.nodes.add("node-b", "127.0.0.1:9002", 100);  // re-registered at a new address meanwhile
  ASSERT_FALSE(first.expired());                  // the caller's driver is still alive...
  EXPECT_TRUE(in_use->healthy());                 // ...and usable
  EXPECT_NE(w.nodes.backend(NodeId(b.id)), in_use);  // new callers get the new driver
  in_use.reset();
  EXPECT_TRUE(first.expired());  // freed once nobody uses it
}

TEST(NodeRegistry, ANodeIsOfflineAfterThreeFailedProbesAndSaidSoOnce) {
  World w;
  const auto b = w.nodes.add("node-b", "127.0.0.1:9001", 100);
  auto node = w.made.at("127.0.0.1:9001").lock();
  node->up = false;
  EXPECT_TRUE(w.nodes.probe().empty());
  EXPECT_TRUE(w.nodes.probe().empty());
  const auto gone = w.nodes.probe();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].id, b.id);
  EXPECT_TRUE(w.nodes.probe().empty());
  node->up = true;
  w.nodes.probe();
  for (const auto& n : w.live.nodes()) EXPECT_TRUE(n.online) << n.name;
}

TEST(NodeRegistry, SessionsGoToTheEnabledOnlineNodeWithTheMostRoom) {
  World w;
  const auto b = w.nodes.add("node-b", "127.0.0.1:9001", 100);
  const auto c = w.nodes.add("node-c", "127.0.0.1:9002", 50);
  EXPECT_EQ(w.nodes.place(3, {}), NodeId(b.id));
  EXPECT_EQ(w.nodes.place(3, {{NodeId(b.id), 60}}), NodeId(c.id));  // b has 40 left, c 50
  w.live.set_node_state(c.id, sched::NodeState::cordoned);
  EXPECT_EQ(w.nodes.place(3, {{NodeId(b.id), 60}}), NodeId(b.id));
  EXPECT_THROW((void)w.nodes.place(101, {}), sched::Unavailable);
}

TEST(NodeRegistry, ANodeAnotherProcessRegisteredIsDrivenFromItsStoredAddress) {
  World w;
  const auto stored = w.live.ensure_node("node-d", "127.0.0.1:9004", 100);  // written by another process
  EXPECT_NE(w.nodes.backend(NodeId(stored.id)), nullptr);
  EXPECT_FALSE(w.made.at("127.0.0.1:9004").expired());
  const auto other_embedded = w.live.ensure_node("embedded", "127.0.0.1", 10);
  EXPECT_EQ(other_embedded.id, w.nodes.embedded_id().value);  // one embedded record: each process drives its own
  EXPECT_THROW((void)w.nodes.backend(NodeId(999)), sched::Unavailable);
}

TEST(NodeRegistry, AnAddressThatIsNotHostAndPortIsRefusedBeforeAnythingIsStored) {
  World w;
  EXPECT_THROW(w.nodes.add("node-e", "nowhere", 100), sched::InvalidInput);
  EXPECT_THROW(w.nodes.add("embedded", "127.0.0.1:9001", 100), sched::InvalidInput);
  EXPECT_EQ(w.live.nodes().size(), 1u);
}

}  // namespace
}  // namespace conductor
