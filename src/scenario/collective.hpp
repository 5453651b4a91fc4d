#pragma once
// Collective operations and their algorithms, by name: what a training job's `collective:` and `algorithm:`
// keys parse against (the convention at the top of scenario.hpp). Knows nothing of SimGrid; the step
// structures are in analytic/collective_model.hpp, the flows in sim/collectives.hpp.

#include <string>
#include <vector>

namespace dcflow {

enum class CollectiveOp {
  AllReduce, // every rank ends with the sum of every rank's buffer (data-parallel gradients)
  AllToAll,  // every rank sends a distinct share of its buffer to every other (MoE experts, embeddings)
};
std::string to_string(CollectiveOp op); // "allreduce", "alltoall"
// The values a file may name, in the order error messages list them.
inline const std::vector<CollectiveOp> kCollectiveOps{CollectiveOp::AllReduce, CollectiveOp::AllToAll};

// How an all-reduce moves its bytes (an all-to-all is always direct: every pair at once).
enum class CollectiveAlgorithm {
  Ring,         // reduce-scatter then all-gather around a ring of the ranks in order
  Tree,         // reduce up a binary tree of the ranks in heap order, then broadcast down it
  Hierarchical, // reduce-scatter within each node, all-reduce across nodes per local index, all-gather in node
};
std::string to_string(CollectiveAlgorithm algorithm); // "ring", "tree", "hierarchical"
inline const std::vector<CollectiveAlgorithm> kCollectiveAlgorithms{
    CollectiveAlgorithm::Ring, CollectiveAlgorithm::Tree, CollectiveAlgorithm::Hierarchical};

} // namespace dcflow
