#pragma once
// Maximum flow over a capacity graph (Boost.Graph's Boykov-Kolmogorov algorithm), and the report of a
// platform's max-flow bound. Engine-free: the simulation layer (src/sim/platform_graph.hpp) turns a
// platform's routes into a CapacityGraph; this file only knows nodes, edges and capacities.
//
// Contract of max_flow / solve_max_flow:
//   - nodes are indices 0 .. node_count()-1; edges are directed, with a capacity in bytes/s (>= 0) or
//     CapacityGraph::kUnbounded;
//   - several sources and sinks are joined by a super-source and a super-sink with unbounded edges, so the
//     result is the largest total rate from any source to any sink;
//   - the result is +infinity when a path of unbounded edges joins a source to a sink, 0 when no path does
//     or when either set is empty; a node both source and sink makes the flow unbounded;
//   - capacities are solved exactly in integers: they are scaled by a power of two so that their sum fits
//     in 61 bits, then rounded, so the relative error is below 2^-52 of the total capacity.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace dcflow {

struct CapacityEdge {
  int from        = 0;
  int to          = 0;
  double capacity = 0; // bytes/s, or CapacityGraph::kUnbounded
};

class CapacityGraph {
public:
  static constexpr double kUnbounded = std::numeric_limits<double>::infinity();

  // Adds `count` nodes; returns the index of the first one.
  int add_nodes(int count = 1);
  // Adds a directed edge; returns its index. Throws std::invalid_argument on an unknown node or a
  // negative or NaN capacity.
  int add_edge(int from, int to, double capacity);

  int node_count() const { return nodes_; }
  const std::vector<CapacityEdge>& edges() const { return edges_; }

private:
  int nodes_ = 0;
  std::vector<CapacityEdge> edges_;
};

struct MaxFlowResult {
  double flow = 0; // bytes/s; +infinity when unbounded
  // Edges of one minimum cut, by index into CapacityGraph::edges(), ascending: the edges leaving the set of
  // nodes still reachable from the sources in the residual graph (the cut closest to the sources). Every
  // one is saturated, and their capacities sum to `flow`. Empty when the flow is 0 for lack of a path, or
  // unbounded.
  std::vector<int> cut_edges;
};

MaxFlowResult solve_max_flow(const CapacityGraph& graph, const std::vector<int>& sources,
                             const std::vector<int>& sinks);

// The value only: solve_max_flow(...).flow, in bytes/s.
double max_flow(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks);

// A platform's max-flow bound between two host sets, as computed by the simulation layer
// (maxflow_between in src/sim/platform_graph.hpp) and printed by `dcflow analyze`.
struct MaxFlowReport {
  double bound_Bps     = 0;     // bytes/s; +infinity when no link on the routes limits the aggregate (FATPIPE)
  std::size_t pairs    = 0;     // source x destination host pairs (a host paired with itself is not counted)
  std::size_t routes   = 0;     // routes that built the graph (pairs examined that have a route)
  std::size_t no_route = 0;     // pairs examined that have no route
  bool sampled         = false; // true when only a deterministic sample of the pairs was examined
  std::vector<std::string> saturated_links; // min-cut links, natural order, at most 10
  std::size_t saturated_total = 0;          // how many links the min cut has in all
};

} // namespace dcflow
