#pragma once
// The media nodes this process can drive, and where a new session goes. The node embedded
// in this process is registered at construction; remote media-node processes are added by
// the API or found in PostgreSQL. Every node is probed each round; three failed probes in
// a row turn it offline.
//
// Backends are handed out as shared_ptr snapshots: replacing or dropping a node's driver
// never frees one a caller is still using.
//
// Threading: any thread. mutex_ guards the map only; no database call or media call is made
// while it is held.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "conductor/ids.hpp"
#include "media/node_control.hpp"
#include "scheduler/live.hpp"

namespace conductor {

using Backend = std::shared_ptr<media::NodeControl>;
// Makes the driver of a remote node at "host:port"; throws media::InvalidInput.
using BackendFactory = std::function<Backend(const std::string& address)>;

struct EmbeddedNode {
  std::string name = "embedded";
  std::string address = "127.0.0.1";  // where halls send RTP to it
  int capacity_legs = 400;
  Backend backend;
};

class NodeRegistry {
 public:
  NodeRegistry(sched::LiveRepository& live, EmbeddedNode embedded, BackendFactory remote);

  [[nodiscard]] NodeId embedded_id() const { return embedded_id_; }
  // Registers (or re-addresses) a remote node; its new driver replaces the old one.
  sched::MediaNodeRecord add(const std::string& name, const std::string& address, int capacity_legs);
  // The driver of a node; throws sched::Unavailable for a node this process cannot reach.
  [[nodiscard]] Backend backend(NodeId node);
  // Probes every node once; returns the nodes this probe turned offline.
  std::vector<sched::MediaNodeRecord> probe();
  // The enabled, online node with the most free capacity for `legs` more legs, given the
  // legs already placed on each; throws sched::Unavailable when none has room.
  [[nodiscard]] NodeId place(std::size_t legs, const std::map<NodeId, std::size_t>& used);

 private:
  Backend known(NodeId node);  // null when not yet known here
  Backend learn(const sched::MediaNodeRecord& record);

  sched::LiveRepository& live_;
  const EmbeddedNode embedded_;
  const BackendFactory remote_;
  NodeId embedded_id_;

  std::mutex mutex_;
  std::map<NodeId, Backend> backends_;
};

}  // namespace conductor
