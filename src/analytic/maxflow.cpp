#include "analytic/maxflow.hpp"

// GCC 12 at -O2 reports Boost's edge iterator (a boost::optional inside) as maybe uninitialized: a known
// false positive that -Werror would turn into a build failure.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#pragma GCC diagnostic pop

#include <cmath>
#include <cstdint>
#include <deque>
#include <stdexcept>

namespace dcflow {

int CapacityGraph::add_nodes(int count)
{
  if (count < 0)
    throw std::invalid_argument("CapacityGraph::add_nodes: negative count");
  int first = nodes_;
  nodes_ += count;
  return first;
}

int CapacityGraph::add_edge(int from, int to, double capacity)
{
  if (from < 0 || from >= nodes_ || to < 0 || to >= nodes_)
    throw std::invalid_argument("CapacityGraph::add_edge: unknown node");
  if (std::isnan(capacity) || capacity < 0)
    throw std::invalid_argument("CapacityGraph::add_edge: capacity must be >= 0");
  edges_.push_back(CapacityEdge{from, to, capacity});
  return static_cast<int>(edges_.size()) - 1;
}

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;

struct FlowEdge {
  std::int64_t capacity = 0;
  std::int64_t residual = 0;
  Traits::edge_descriptor reverse;
};

using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, FlowEdge>;

// Nodes reachable from `starts` over edges accepted by `usable(edge index)` (original edges only).
template <class Usable>
std::vector<char> reachable(const CapacityGraph& graph, const std::vector<int>& starts, Usable usable)
{
  std::vector<std::vector<int>> out(static_cast<std::size_t>(graph.node_count()));
  for (std::size_t e = 0; e < graph.edges().size(); ++e)
    out[static_cast<std::size_t>(graph.edges()[e].from)].push_back(static_cast<int>(e));
  std::vector<char> seen(out.size(), 0);
  std::deque<int> queue;
  for (int s : starts)
    if (!seen[static_cast<std::size_t>(s)]) {
      seen[static_cast<std::size_t>(s)] = 1;
      queue.push_back(s);
    }
  while (!queue.empty()) {
    int n = queue.front();
    queue.pop_front();
    for (int e : out[static_cast<std::size_t>(n)]) {
      int to = graph.edges()[static_cast<std::size_t>(e)].to;
      if (!seen[static_cast<std::size_t>(to)] && usable(e)) {
        seen[static_cast<std::size_t>(to)] = 1;
        queue.push_back(to);
      }
    }
  }
  return seen;
}

void check_nodes(const CapacityGraph& graph, const std::vector<int>& nodes)
{
  for (int n : nodes)
    if (n < 0 || n >= graph.node_count())
      throw std::invalid_argument("max_flow: unknown source or sink node");
}

} // namespace

MaxFlowResult solve_max_flow(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks)
{
  check_nodes(graph, sources);
  check_nodes(graph, sinks);
  MaxFlowResult result;
  if (sources.empty() || sinks.empty())
    return result;
  const auto& edges = graph.edges();

  // A path of unbounded edges makes the flow unbounded. Detected first, so that the integer solve below
  // never has to push an "infinite" amount (it could overflow 64 bits over many such paths).
  auto unbounded =
      reachable(graph, sources, [&](int e) { return std::isinf(edges[static_cast<std::size_t>(e)].capacity); });
  for (int t : sinks)
    if (unbounded[static_cast<std::size_t>(t)]) {
      result.flow = CapacityGraph::kUnbounded;
      return result;
    }

  // Exact integer arithmetic: floating-point residuals in BK can leave 1e-7 crumbs that look like paths.
  // Scale by a power of two (exact in binary) so that the finite capacities sum below 2^61; "unbounded" is
  // then 2^62, above any finite cut.
  double total = 0;
  for (const auto& e : edges)
    if (!std::isinf(e.capacity))
      total += e.capacity;
  double scale = 1;
  if (total > 0) {
    int exponent = 0;
    std::frexp(total, &exponent); // total < 2^exponent
    scale = std::ldexp(1.0, 61 - exponent);
  }
  const std::int64_t infinite = std::int64_t{1} << 62;
  auto scaled                 = [&](double capacity) {
    return std::isinf(capacity) ? infinite : static_cast<std::int64_t>(std::llround(capacity * scale));
  };

  const int n      = graph.node_count();
  const int source = n;     // super-source
  const int sink   = n + 1; // super-sink
  FlowGraph g(static_cast<std::size_t>(n + 2));
  std::vector<Traits::edge_descriptor> forward(edges.size());
  std::vector<char> in_flow_graph(edges.size(), 0);
  auto add = [&](int from, int to, std::int64_t capacity) {
    auto e        = boost::add_edge(static_cast<std::size_t>(from), static_cast<std::size_t>(to), g).first;
    auto r        = boost::add_edge(static_cast<std::size_t>(to), static_cast<std::size_t>(from), g).first;
    g[e].capacity = capacity;
    g[r].capacity = 0;
    g[e].reverse  = r;
    g[r].reverse  = e;
    return e;
  };
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].from == edges[i].to)
      continue; // a self-loop carries nothing from a source to a sink
    forward[i]       = add(edges[i].from, edges[i].to, scaled(edges[i].capacity));
    in_flow_graph[i] = 1;
  }
  for (int s : sources)
    add(source, s, infinite);
  for (int t : sinks)
    add(t, sink, infinite);

  std::vector<Traits::edge_descriptor> predecessor(boost::num_vertices(g));
  std::vector<boost::default_color_type> color(boost::num_vertices(g));
  std::vector<long> distance(boost::num_vertices(g));
  auto index        = boost::get(boost::vertex_index, g);
  std::int64_t flow = boost::boykov_kolmogorov_max_flow(
      g, boost::get(&FlowEdge::capacity, g), boost::get(&FlowEdge::residual, g), boost::get(&FlowEdge::reverse, g),
      boost::make_iterator_property_map(predecessor.begin(), index),
      boost::make_iterator_property_map(color.begin(), index),
      boost::make_iterator_property_map(distance.begin(), index), index, static_cast<std::size_t>(source),
      static_cast<std::size_t>(sink));
  result.flow = static_cast<double>(flow) / scale;

  // The min cut closest to the sources: what the sources still reach in the residual graph. A reverse
  // edge with residual capacity means flow on the original edge can be pushed back, so walk both ways.
  std::vector<char> seen(boost::num_vertices(g), 0);
  std::deque<std::size_t> queue{static_cast<std::size_t>(source)};
  seen[static_cast<std::size_t>(source)] = 1;
  while (!queue.empty()) {
    std::size_t v = queue.front();
    queue.pop_front();
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      std::size_t to = boost::target(*it, g);
      if (!seen[to] && g[*it].residual > 0) {
        seen[to] = 1;
        queue.push_back(to);
      }
    }
  }
  for (std::size_t i = 0; i < edges.size(); ++i)
    if (in_flow_graph[i] && seen[static_cast<std::size_t>(edges[i].from)] &&
        !seen[static_cast<std::size_t>(edges[i].to)])
      result.cut_edges.push_back(static_cast<int>(i));
  return result;
}

double max_flow(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks)
{
  return solve_max_flow(graph, sources, sinks).flow;
}

} // namespace dcflow
