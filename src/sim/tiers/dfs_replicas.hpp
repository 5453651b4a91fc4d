#pragma once
// Where a dfs tier's blocks are while its data nodes fail and return (README "Failures"), the tier's
// FailureObserver. A read takes a block from a replica whose host is up; with every replica's host down it throws
// DataUnavailable (the job goes back to the queue when the first of those hosts returns). A write sends each
// block to the placement's nodes, a node that is down replaced by the next live one (the namenode excludes it, as
// an HDFS client's excluded-nodes list does). A node down for longer than the dead-node interval is declared dead
// and every block it held is copied, one block at a time, from a live replica to a live node that lacks it (disk
// read, flow, disk write: simulated traffic); a copy replaces the dead node's replica. With no live replica the
// block waits until one returns. At the end of a run, a block no replica's live host can serve is lost.
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <simgrid/s4u.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace dcflow {

// HDFS declares a data node dead after 2 x dfs.namenode.heartbeat.recheck-interval (300000 ms) + 10 x
// dfs.heartbeat.interval (3 s) = 630 s without a heartbeat (hdfs-default.xml; DatanodeManager's
// heartbeatExpireInterval).
constexpr double kDfsDeadNodeInterval = 2 * 300.0 + 10 * 3.0;

class DfsReplicas : public FailureObserver {
public:
  DfsReplicas(SimContext sim, int tier);

  // Failures are simulated: written blocks are tracked from now on.
  void watch() { watching_ = true; }
  bool watching() const { return watching_; }

  // The replicas of block `block` of `object`: where it was written or copied to, else `placed` (the placement
  // rule's, for data loaded before the run).
  std::vector<std::size_t> locate(std::int64_t object, std::int64_t block, std::vector<std::size_t> placed) const;
  // Of `replicas`, those on live hosts, in order; none: throws DataUnavailable with the block's cause.
  std::vector<std::size_t> live(std::int64_t object, std::int64_t block, const std::vector<std::size_t>& replicas);
  // Where a write of the block goes: `placed`, each node that is down replaced by the next live node (in the
  // order of a full spread from the block's hash) not already chosen. No live node: throws DataUnavailable.
  std::vector<std::size_t> targets(std::int64_t object, std::int64_t block, const std::vector<std::size_t>& placed);
  // A block written completely to `replicas`.
  void written(std::int64_t object, std::int64_t block, double bytes, const std::vector<std::size_t>& replicas);
  // A read went to a replica other than the nearest because the nearest one's host was down.
  void failed_over();

  void host_down(const HostOutage& outage) override;
  void host_up(simgrid::s4u::Host* host) override;
  // A data node's disk (a `tier:` failure group) takes the node out as its host's failure does: HDFS's data node
  // stops serving once more volumes fail than dfs.datanode.failed.volumes.tolerated (default 0,
  // hdfs-default.xml), and the namenode then treats it as it treats a node that stopped heartbeating.
  void disk_down(int tier, const HostOutage& outage) override;
  void disk_up(int tier, simgrid::s4u::Host* host) override;
  void stopped() override;
  // At the end of the run: counts the blocks written, and the blocks and bytes lost, into the records.
  void finish();

private:
  struct Block {
    double bytes = 0;
    std::vector<std::size_t> replicas;
  };
  using Key = std::pair<std::int64_t, std::int64_t>; // object, block
  bool up(std::size_t node) const { return back_[node] < 0; }
  void declare_dead(std::size_t node);
  // Copies, one after the other, the blocks of dead node `node` that have a live replica and are not being copied.
  void re_replicate(std::size_t node);
  void copy(Key key, std::size_t dead, std::size_t from, std::size_t to);
  std::string cause(const Key& key, const std::vector<std::size_t>& replicas) const;

  SimContext sim_;
  int tier_;
  const std::vector<simgrid::s4u::Host*>& nodes_;
  bool watching_ = false;
  bool stopped_  = false;
  std::vector<double> back_;    // per node: when its host is back (-1: up)
  std::vector<int> downs_;      // per node: outages of its host or disk in progress (they may overlap)
  std::vector<char> disk_out_;  // per node: its disk is down (the cause of an unavailable block says so)
  std::vector<int> outage_;     // per node: outages so far (a dead-node timer checks it is still the same)
  std::vector<char> dead_;      // per node: declared dead during its current outage
  std::map<Key, Block> blocks_; // blocks written during the run, in key order (deterministic copies)
  std::set<Key> copying_;       // blocks being re-replicated
  std::vector<aid_t> helpers_;  // timers and copiers, killed when failures stop
};

} // namespace dcflow
