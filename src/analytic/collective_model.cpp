#include "analytic/collective_model.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <stdexcept>

namespace dcflow {
namespace {

// Ranks at depth d of a heap-ordered binary tree of k ranks.
int level_size(int k, int d)
{
  int first = (1 << d) - 1;
  return std::max(0, std::min(1 << d, k - first));
}

int tree_depth(int k)
{
  int depth = 0;
  while ((2 << depth) - 1 < k) // ranks 0 .. 2^(depth+1) - 2 fill depths 0 .. depth
    ++depth;
  return depth;
}

} // namespace

int CollectiveShape::steps() const
{
  int total = 0;
  for (const auto& phase : phases)
    total += phase.steps;
  return total;
}

double CollectiveShape::total_bytes() const
{
  double total = 0;
  for (const auto& phase : phases)
    total += phase.steps * static_cast<double>(phase.flows) * phase.bytes;
  return total;
}

CollectiveShape collective_shape(CollectiveOp op, CollectiveAlgorithm algorithm, int ranks, int per_node, double bytes)
{
  if (ranks < 1)
    throw std::invalid_argument("a collective needs at least one rank");
  CollectiveShape shape;
  int k = ranks;
  switch (op) {
  case CollectiveOp::AllToAll:
    if (k > 1)
      shape.phases.push_back({"all-to-all", 1, k * (k - 1), bytes / (k - 1), k - 1, false});
    return shape;
  case CollectiveOp::AllReduce:
    break;
  }
  switch (algorithm) {
  case CollectiveAlgorithm::Ring:
    if (k > 1) { // k flows of S/k per step: every rank to the next
      shape.phases.push_back({"reduce-scatter", k - 1, k, bytes / k, 1, false});
      shape.phases.push_back({"all-gather", k - 1, k, bytes / k, 1, false});
    }
    return shape;
  case CollectiveAlgorithm::Tree: {
    int depth = tree_depth(k);
    for (int d = depth; d >= 1; --d) {
      int n = level_size(k, d);
      shape.phases.push_back({"reduce depth " + std::to_string(d), 1, n, bytes, std::min(2, n), false});
    }
    for (int d = 1; d <= depth; ++d) {
      int n = level_size(k, d);
      shape.phases.push_back({"broadcast depth " + std::to_string(d), 1, n, bytes, std::min(2, n), false});
    }
    return shape;
  }
  case CollectiveAlgorithm::Hierarchical: {
    if (per_node < 1 || k % per_node != 0)
      throw std::invalid_argument("a hierarchical collective needs the same number of ranks on every node");
    int g = per_node, n = k / g;
    // In-node ring of g ranks on each of n nodes: g - 1 steps of S/g, n g flows each.
    if (g > 1)
      shape.phases.push_back({"reduce-scatter in node", g - 1, k, bytes / g, 1, true});
    // g rings of n ranks (one per local index) all-reduce the S/g shards.
    if (n > 1) {
      shape.phases.push_back({"reduce-scatter across nodes", n - 1, k, bytes / g / n, 1, false});
      shape.phases.push_back({"all-gather across nodes", n - 1, k, bytes / g / n, 1, false});
    }
    if (g > 1)
      shape.phases.push_back({"all-gather in node", g - 1, k, bytes / g, 1, true});
    return shape;
  }
  }
  unhandled_enum_value("CollectiveAlgorithm", static_cast<int>(algorithm));
}

double ideal_time(const CollectiveShape& shape, LinkCost network, LinkCost intra_node)
{
  double total = 0;
  for (const auto& phase : shape.phases) {
    const LinkCost& link = phase.intra_node ? intra_node : network;
    total += phase.steps * (link.latency + phase.fan * phase.bytes / link.bandwidth);
  }
  return total;
}

double nccl_size(CollectiveOp op, int ranks, double bytes)
{
  switch (op) {
  case CollectiveOp::AllReduce:
    return bytes;
  case CollectiveOp::AllToAll:
    return ranks > 1 ? bytes * ranks / (ranks - 1) : bytes;
  }
  unhandled_enum_value("CollectiveOp", static_cast<int>(op));
}

double algorithm_bandwidth(double size, double seconds)
{
  return seconds > 0 ? size / seconds : 0;
}

double bus_bandwidth(CollectiveOp op, int ranks, double size, double seconds)
{
  double k = ranks;
  switch (op) {
  case CollectiveOp::AllReduce:
    return algorithm_bandwidth(size, seconds) * 2 * (k - 1) / k;
  case CollectiveOp::AllToAll:
    return algorithm_bandwidth(size, seconds) * (k - 1) / k;
  }
  unhandled_enum_value("CollectiveOp", static_cast<int>(op));
}

} // namespace dcflow
