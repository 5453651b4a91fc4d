#pragma once
// Closed forms of the collectives (engine-free): each algorithm's step structure, its time on uniform links
// in the latency-bandwidth (alpha-beta) model, and nccl-tests' bus bandwidth. The simulation
// (sim/collectives.hpp) moves the same bytes as flows on the platform; tests hold one against the other.
//
// Step structures for k ranks, a buffer of S bytes, g ranks per node on n = k / g nodes:
//   ring all-reduce    2(k-1) steps; in each, every rank sends S/k to the next rank of the ring
//                      (k-1 of reduce-scatter, k-1 of all-gather)
//   tree all-reduce    binary tree in heap order (rank i's parent is (i-1)/2), depth D = floor(log2 k):
//                      D reduce steps (deepest level first, every rank of the level sends S to its parent),
//                      then D broadcast steps (every parent sends S to each child); a parent with two children
//                      carries two flows at once, so those steps take 2S on its port
//   hierarchical       g-1 reduce-scatter steps of S/g around each node's ring, then an all-reduce ring of
//                      the S/g shards across the n nodes by the ranks of equal local index (2(n-1) steps of
//                      S/(g n)), then g-1 all-gather steps of S/g in each node
//   all-to-all         one step: every rank sends S/(k-1) to each of the k-1 others at once
// Ring, tree and hierarchical all-reduce each put 2(k-1) S bytes on the wire in all.

#include "scenario/collective.hpp"

#include <string>
#include <vector>

namespace dcflow {

// A run of identical steps: in each, `flows` flows of `bytes` each run at once, at most `fan` of them through
// one rank's send or receive port.
struct CollectivePhase {
  std::string name;
  int steps       = 0;
  int flows       = 0;
  double bytes    = 0;
  int fan         = 1;
  bool intra_node = false; // hierarchical's in-node phases; flat algorithms' phases are not
};

struct CollectiveShape {
  std::vector<CollectivePhase> phases;

  int steps() const;
  double total_bytes() const; // on the wire, over all ranks
};

// The steps of `op` with `algorithm` on `ranks` ranks, `per_node` per node (used by hierarchical, which needs
// ranks a multiple of it), for a per-rank buffer of `bytes` (all-to-all: the bytes each rank sends in all).
// An all-to-all ignores `algorithm`. Throws std::invalid_argument for ranks < 1 or an uneven hierarchy.
CollectiveShape collective_shape(CollectiveOp op, CollectiveAlgorithm algorithm, int ranks, int per_node, double bytes);

// One port's link: a step of a phase takes latency + fan x bytes / bandwidth.
struct LinkCost {
  double latency   = 0; // s
  double bandwidth = 0; // bytes/s
};
// The shape's time when each step waits for its slowest flow and flows meet no other contention: phases marked
// intra_node run on `intra_node`, the others on `network`.
double ideal_time(const CollectiveShape& shape, LinkCost network, LinkCost intra_node);
inline double ideal_time(const CollectiveShape& shape, LinkCost link)
{
  return ideal_time(shape, link, link);
}

// nccl-tests' size S of a collective whose ranks each hold `bytes` (all-reduce: the buffer; all-to-all: the
// bytes sent to others, so S = bytes k/(k-1) with the rank's own share, as nccl-tests counts it).
double nccl_size(CollectiveOp op, int ranks, double bytes);
// nccl-tests' algorithm bandwidth S / t and bus bandwidth: algbw x 2(k-1)/k for all-reduce, x (k-1)/k for
// all-to-all (doc/PERFORMANCE.md of nccl-tests): the busbw of an ideal ring or all-to-all is the link's
// bandwidth, whatever k.
double algorithm_bandwidth(double size, double seconds);
double bus_bandwidth(CollectiveOp op, int ranks, double size, double seconds);

} // namespace dcflow
