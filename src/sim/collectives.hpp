#pragma once
// Collectives as Steps (stage_run.hpp) of flows on the platform, for any runner of Steps: the job runner, a
// training iteration, run_steps (run_steps.hpp). The step structures are those of
// analytic/collective_model.hpp; every flow's bytes are recorded on its route (Recorder::wire), so network
// utilisation counts collectives.
//
// Aggregation (the default): the literal algorithms cost one SimGrid flow per rank per step, 2(k-1) k flows for
// a ring all-reduce on k ranks, which does not scale to thousands of ranks and iterations. Aggregated, each
// ring (or in-node / cross-node ring of hierarchical) starts one flow per edge carrying the bytes that edge
// carries over all its steps, then waits the latencies the literal steps pay beyond the first: (steps - 1) x
// the network model's latency factor x the longest route latency among its edges. On uncontended links that
// matches the literal algorithm (tests/sim/test_collectives.cpp: within 1%); it differs when contention changes
// while the collective runs, or when the ring's edges differ: an aggregated flow shares bandwidth averaged over
// the whole collective, whereas in the literal algorithm every step waits for its slowest edge.

#include "scenario/collective.hpp"
#include "sim/stage_executor.hpp"
#include "sim/stage_run.hpp"

#include <simgrid/s4u.hpp>

#include <vector>

namespace dcflow {

struct CollectiveGroup {
  std::vector<simgrid::s4u::Host*> ranks; // distinct hosts (GPUs), in ring / tree order
  std::vector<int> node;                  // node id per rank; a node's ranks are contiguous
};

// Appends to `steps` the steps of `op` over `group` for a per-rank buffer of `bytes` (all-reduce: the gradient
// bytes; all-to-all: the bytes each rank sends in all, split evenly over the others), moved as given (pass
// wire_bytes(stages/wire.hpp) for protocol overhead or compression). `algorithm` applies to
// all-reduce (an all-to-all sends every pair's share at once); `step_by_step` runs the literal ring and
// hierarchical algorithms instead of their aggregated form (tree and all-to-all have one form). One rank: no
// steps. Throws std::invalid_argument for a group whose nodes are not contiguous or, for hierarchical, hold
// unequal numbers of ranks (callers check their input before).
// `hosts` (pool hosts) as a group: GPUs grouped by their node (World::gpus()), in pool order within a node;
// a host that is not a GPU is a node of its own.
CollectiveGroup group_by_node(const World& world, std::vector<simgrid::s4u::Host*> hosts);
// Whether every node of the group holds as many ranks: what a hierarchical all-reduce needs.
bool even_nodes(const CollectiveGroup& group);
// The algorithm that runs for `asked` on `group`: hierarchical on uneven nodes runs as a ring.
CollectiveAlgorithm runnable_algorithm(CollectiveAlgorithm asked, const CollectiveGroup& group);

void plan_collective(SimContext sim, CollectiveOp op, CollectiveAlgorithm algorithm, const CollectiveGroup& group,
                     double bytes, std::vector<Step>& steps, bool step_by_step = false);

} // namespace dcflow
