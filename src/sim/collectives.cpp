#include "sim/collectives.hpp"

#include "sim/recorder.hpp"
#include "sim/simgrid_compat.hpp"
#include "sim/world.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

struct Flow {
  sg4::Host* src;
  sg4::Host* dst;
  int route;
};
using Flows = std::shared_ptr<const std::vector<Flow>>;

Flow flow(SimContext sim, sg4::Host* src, sg4::Host* dst)
{
  return {src, dst, sim.world.route_index(src, dst)};
}

// A step in which every flow moves `bytes` at once; each flow is recorded on its route when the step ends.
Step flow_step(SimContext sim, const Flows& flows, double bytes)
{
  auto comms = std::make_shared<std::vector<sg4::CommPtr>>();
  auto size  = static_cast<std::uint64_t>(bytes);
  Step step;
  step.start = [flows, comms, size](ActivitySink& sink) {
    comms->clear();
    comms->reserve(flows->size());
    for (const Flow& f : *flows) {
      comms->push_back(sg4::Comm::sendto_async(f.src, f.dst, size));
      sink.add(comms->back());
    }
    return static_cast<int>(flows->size());
  };
  step.done = [sim, flows, comms, size] {
    for (std::size_t i = 0; i < comms->size(); ++i)
      sim.recorder.wire((*flows)[i].route, static_cast<double>(size), (*comms)[i]->get_start_time(),
                        (*comms)[i]->get_finish_time());
    comms->clear();
  };
  return step;
}

// `ring_steps` steps in which each flow of `flows` (the edges of one or more rings) carries `step_bytes`:
// literally, or as one flow per edge with all the bytes followed by the latencies of the other steps.
void ring_steps(SimContext sim, const Flows& flows, int count, double step_bytes, bool literal,
                std::vector<Step>& steps)
{
  if (count <= 0 || flows->empty())
    return;
  if (literal) {
    for (int s = 0; s < count; ++s)
      steps.push_back(flow_step(sim, flows, step_bytes));
    return;
  }
  steps.push_back(flow_step(sim, flows, count * step_bytes));
  double latency = 0;
  for (const Flow& f : *flows)
    latency = std::max(latency, sim.world.route_latency(f.route));
  double wait = (count - 1) * latency_factor() * latency;
  if (wait > 0)
    steps.push_back(Step::waiting(wait));
}

// The edges of the ring through `ranks` in order (none for a single rank).
void add_ring(SimContext sim, const std::vector<sg4::Host*>& ranks, std::vector<Flow>& out)
{
  if (ranks.size() < 2)
    return;
  for (std::size_t i = 0; i < ranks.size(); ++i)
    out.push_back(flow(sim, ranks[i], ranks[(i + 1) % ranks.size()]));
}

// The group's nodes as runs of rank indices; throws if a node's ranks are not contiguous.
std::vector<std::vector<std::size_t>> node_runs(const CollectiveGroup& group)
{
  if (group.node.size() != group.ranks.size())
    throw std::invalid_argument("a collective group needs one node id per rank");
  std::vector<std::vector<std::size_t>> runs;
  std::set<int> seen;
  for (std::size_t r = 0; r < group.ranks.size(); ++r) {
    if (r == 0 || group.node[r] != group.node[r - 1]) {
      if (!seen.insert(group.node[r]).second)
        throw std::invalid_argument("the ranks of node " + std::to_string(group.node[r]) +
                                    " are not contiguous in the collective group");
      runs.emplace_back();
    }
    runs.back().push_back(r);
  }
  return runs;
}

int tree_depth(std::size_t rank)
{
  int depth = 0;
  for (std::size_t i = rank + 1; i > 1; i /= 2)
    ++depth;
  return depth;
}

void plan_tree(SimContext sim, const CollectiveGroup& group, double bytes, std::vector<Step>& steps)
{
  const auto& ranks = group.ranks;
  int deepest       = tree_depth(ranks.size() - 1);
  std::vector<Step> broadcast;
  for (int d = deepest; d >= 1; --d) {
    auto up   = std::make_shared<std::vector<Flow>>();
    auto down = std::make_shared<std::vector<Flow>>();
    for (std::size_t i = (std::size_t{1} << d) - 1; i < ranks.size() && tree_depth(i) == d; ++i) {
      up->push_back(flow(sim, ranks[i], ranks[(i - 1) / 2]));
      down->push_back(flow(sim, ranks[(i - 1) / 2], ranks[i]));
    }
    steps.push_back(flow_step(sim, up, bytes));
    broadcast.push_back(flow_step(sim, down, bytes));
  }
  std::reverse(broadcast.begin(), broadcast.end()); // shallowest level first
  for (auto& step : broadcast)
    steps.push_back(std::move(step));
}

void plan_hierarchical(SimContext sim, const CollectiveGroup& group, double bytes, bool literal,
                       std::vector<Step>& steps)
{
  auto runs     = node_runs(group);
  std::size_t g = runs.front().size(), n = runs.size();
  for (const auto& run : runs)
    if (run.size() != g)
      throw std::invalid_argument("a hierarchical collective needs the same number of ranks on every node");
  auto in_node = std::make_shared<std::vector<Flow>>();
  for (const auto& run : runs) {
    std::vector<sg4::Host*> hosts;
    for (std::size_t r : run)
      hosts.push_back(group.ranks[r]);
    add_ring(sim, hosts, *in_node);
  }
  auto across = std::make_shared<std::vector<Flow>>();
  for (std::size_t j = 0; j < g; ++j) {
    std::vector<sg4::Host*> hosts;
    for (const auto& run : runs)
      hosts.push_back(group.ranks[run[j]]);
    add_ring(sim, hosts, *across);
  }
  double shard = bytes / static_cast<double>(g);
  int in_steps = static_cast<int>(g) - 1, across_steps = 2 * (static_cast<int>(n) - 1);
  ring_steps(sim, in_node, in_steps, shard, literal, steps);                             // reduce-scatter
  ring_steps(sim, across, across_steps, shard / static_cast<double>(n), literal, steps); // all-reduce
  ring_steps(sim, in_node, in_steps, shard, literal, steps);                             // all-gather
}

} // namespace

void plan_collective(SimContext sim, CollectiveOp op, CollectiveAlgorithm algorithm, const CollectiveGroup& group,
                     double bytes, std::vector<Step>& steps, bool step_by_step)
{
  const auto& ranks = group.ranks;
  if (!group.node.empty()) // only hierarchical needs node ids, but any that are given must be well formed
    node_runs(group);
  std::size_t k = ranks.size();
  if (k < 2)
    return;
  switch (op) {
  case CollectiveOp::AllToAll: {
    auto flows = std::make_shared<std::vector<Flow>>();
    flows->reserve(k * (k - 1));
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j)
        if (i != j)
          flows->push_back(flow(sim, ranks[i], ranks[j]));
    steps.push_back(flow_step(sim, flows, bytes / static_cast<double>(k - 1)));
    return;
  }
  case CollectiveOp::AllReduce:
    break;
  }
  switch (algorithm) {
  case CollectiveAlgorithm::Ring: {
    auto flows = std::make_shared<std::vector<Flow>>();
    add_ring(sim, ranks, *flows);
    // reduce-scatter and all-gather: 2(k-1) steps of S/k on every edge
    ring_steps(sim, flows, 2 * (static_cast<int>(k) - 1), bytes / static_cast<double>(k), step_by_step, steps);
    return;
  }
  case CollectiveAlgorithm::Tree:
    plan_tree(sim, group, bytes, steps);
    return;
  case CollectiveAlgorithm::Hierarchical:
    plan_hierarchical(sim, group, bytes, step_by_step, steps);
    return;
  }
  unhandled_enum_value("CollectiveAlgorithm", static_cast<int>(algorithm));
}

CollectiveGroup group_by_node(const World& world, std::vector<sg4::Host*> hosts)
{
  const GpuInventory& inventory = world.gpus();
  auto node_of                  = [&](sg4::Host* h) {
    auto g = inventory.gpu_index(h);
    return g ? inventory.gpus()[*g].node : -1 - static_cast<int>(*world.pool_index(h));
  };
  std::stable_sort(hosts.begin(), hosts.end(), [&](sg4::Host* a, sg4::Host* b) {
    return std::pair(node_of(a), *world.pool_index(a)) < std::pair(node_of(b), *world.pool_index(b));
  });
  CollectiveGroup group;
  for (sg4::Host* h : hosts) {
    group.ranks.push_back(h);
    group.node.push_back(node_of(h));
  }
  return group;
}

bool even_nodes(const CollectiveGroup& group)
{
  std::map<int, int> ranks;
  for (int n : group.node)
    ++ranks[n];
  for (const auto& [node, count] : ranks)
    if (count != ranks.begin()->second)
      return false;
  return true;
}

CollectiveAlgorithm runnable_algorithm(CollectiveAlgorithm asked, const CollectiveGroup& group)
{
  return asked == CollectiveAlgorithm::Hierarchical && !even_nodes(group) ? CollectiveAlgorithm::Ring : asked;
}

} // namespace dcflow
