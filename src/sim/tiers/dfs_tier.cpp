// A distributed file system (HDFS-like): a stage is cut into blocks, each stored on R data nodes. A read takes
// each block from the reader's own replica (disk only) or else the nearest one (disk read and network flow
// together); a write pipelines each block down its replica chain, every hop and every disk write at once, as
// HDFS streams packets. Blocks written during the run are found where they were written.
#include "sim/recorder.hpp"
#include "sim/tier_service.hpp"
#include "sim/tiers/dfs_replicas.hpp"
#include "sim/world.hpp"
#include "storage/block_placement.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class DfsTier : public TierService {
public:
  DfsTier(SimContext sim, int tier) : TierService(sim, tier), replicas_(sim, tier) {}

  FailureObserver* watch_failures() override
  {
    replicas_.watch();
    return &replicas_;
  }
  void finish_failures() override { replicas_.finish(); }

  void plan_read(const StageContext& stage, StageRun& run) override { plan_io(stage, stage.host(), true, run); }
  void plan_write(const StageContext& stage, StageRun& run) override { plan_io(stage, stage.host(), false, run); }
  void plan_fetch(const StageContext& stage, sg4::Host* client, StageRun& run) override
  {
    plan_io(stage, client, true, run);
  }

  // The compute hosts holding replicas of the stage's blocks, most bytes first (ties: lower index).
  void data_hosts(const JobSpec& job, std::size_t s, std::vector<std::size_t>& out) const override
  {
    const auto& nodes   = sim_.world.role(tier().role);
    double amount       = job.amounts[s];
    double block_size   = tier().dfs.block_size;
    std::int64_t object = job.object_of(s);
    std::map<std::size_t, double> bytes; // pool index -> bytes of replicas there
    std::int64_t blocks = piece_count(amount, block_size);
    for (std::int64_t b = 0; b < blocks; ++b)
      for (std::size_t node : replicas(object, b))
        if (auto index = sim_.world.pool_index(nodes[node]))
          bytes[*index] += piece_bytes(amount, block_size, b);
    std::vector<std::pair<std::size_t, double>> ranked(bytes.begin(), bytes.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [host, held] : ranked)
      out.push_back(host);
  }

private:
  // The current block's work, for utilisation once it ends.
  struct Block {
    double start = 0, bytes = 0;
    std::vector<int> routes, disks;
    std::vector<std::size_t> replicas; // a write's data nodes
    std::int64_t object = 0, index = 0;
  };

  // One step per block.
  void plan_io(const StageContext& stage, sg4::Host* client, bool read, StageRun& run)
  {
    double amount       = stage.amount();
    double piece        = tier().dfs.block_size;
    std::int64_t pieces = piece_count(amount, piece);
    run.record.tier     = tier_;
    run.record.requests = pieces;
    std::optional<std::size_t> writer;
    if (!read && tier().dfs.placement == Placement::Writer)
      writer = sim_.world.tier_node(tier_, client);
    std::int64_t object    = stage.object();
    auto block             = std::make_shared<Block>();
    ActivityRecord* record = &run.record;
    for (std::int64_t b = 0; b < pieces; ++b) {
      Step step;
      step.start = [=](ActivitySink& sink) {
        return start_block(sink, *block, *record, object, b, piece_bytes(amount, piece, b), client, read, writer);
      };
      step.done = [this, block, read] { record_block(*block, read); };
      run.steps.push_back(std::move(step));
    }
  }

  int start_block(ActivitySink& sink, Block& block, ActivityRecord& record, std::int64_t object, std::int64_t b,
                  double block_bytes, sg4::Host* client, bool read, std::optional<std::size_t> writer)
  {
    World& world      = sim_.world;
    const auto& nodes = world.role(tier().role);
    block.start       = sg4::Engine::get_clock();
    block.bytes       = block_bytes;
    block.object      = object;
    block.index       = b;
    block.routes.clear();
    block.disks.clear();
    auto bytes = static_cast<sg_size_t>(block_bytes);
    auto flow  = [&](sg4::Host* from, sg4::Host* to) {
      sink.add(sg4::Comm::sendto_async(from, to, bytes));
      block.routes.push_back(world.route_index(from, to));
    };
    if (read) {
      std::vector<std::size_t> held = replicas(object, b);
      std::size_t from              = nearest(held, nodes, client);
      if (replicas_.watching()) { // a replica whose host is down is skipped (README "Failures")
        std::size_t live = nearest(replicas_.live(object, b, held), nodes, client);
        if (live != from)
          replicas_.failed_over();
        from = live;
      }
      int disk = world.tier_disks(tier_)[from];
      sink.add(world.disk(disk)->read_async(bytes));
      block.disks.push_back(disk);
      if (nodes[from] != client)
        flow(nodes[from], client);
      else
        record.local_bytes += block_bytes;
    } else {
      if (b == 0) // from now on, reads of this object find its blocks where this write puts them
        writers_[object] = writer;
      sg4::Host* previous = client;
      block.replicas      = block_replicas(object, b, nodes.size(), tier().dfs.replication, writer);
      if (replicas_.watching())
        block.replicas = replicas_.targets(object, b, block.replicas);
      for (std::size_t r : block.replicas) {
        if (nodes[r] != previous)
          flow(previous, nodes[r]);
        previous = nodes[r];
        int disk = world.tier_disks(tier_)[r];
        sink.add(world.disk(disk)->write_async(bytes));
        block.disks.push_back(disk);
      }
    }
    return static_cast<int>(block.routes.size() + block.disks.size());
  }

  // Where the replicas of a block of `object` are: where its last write put them, else (data loaded before the
  // run) where the spread rule puts them.
  std::vector<std::size_t> replicas(std::int64_t object, std::int64_t block) const
  {
    std::optional<std::size_t> writer;
    auto it = writers_.find(object);
    if (it != writers_.end())
      writer = it->second;
    return replicas_.locate(
        object, block,
        block_replicas(object, block, sim_.world.role(tier().role).size(), tier().dfs.replication, writer));
  }

  // The replica a client reads: its own, else the one with the lowest route latency, then fewest links, then
  // first in replica order.
  std::size_t nearest(const std::vector<std::size_t>& replicas, const std::vector<sg4::Host*>& nodes, sg4::Host* client)
  {
    std::size_t best = replicas.front();
    std::pair<double, std::size_t> best_cost{INFINITY, 0};
    for (std::size_t r : replicas) {
      if (nodes[r] == client)
        return r;
      int route = sim_.world.route_index(nodes[r], client);
      std::pair<double, std::size_t> cost{sim_.world.route_latency(route),
                                          sim_.recorder.records().routes[static_cast<std::size_t>(route)].size()};
      if (cost < best_cost) {
        best_cost = cost;
        best      = r;
      }
    }
    return best;
  }

  // The finished block's disk and network work, for utilisation.
  void record_block(const Block& block, bool read)
  {
    double now = sg4::Engine::get_clock();
    for (int route : block.routes)
      sim_.recorder.wire(route, block.bytes, block.start, now);
    for (int disk : block.disks)
      sim_.recorder.disk_work(read ? StageKind::Read : StageKind::Write, disk, block.bytes, block.start, now);
    if (!read)
      replicas_.written(block.object, block.index, block.bytes, block.replicas);
  }

  // The objects written during the run, and the writer placement their blocks followed.
  std::unordered_map<std::int64_t, std::optional<std::size_t>> writers_;
  // Under failures: where written blocks are now, which data nodes are up (tiers/dfs_replicas.cpp).
  DfsReplicas replicas_;
};

} // namespace

std::unique_ptr<TierService> make_dfs_tier(SimContext sim, int tier)
{
  return std::make_unique<DfsTier>(sim, tier);
}

} // namespace dcflow
