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

// A path of unbounded edges joins a source to a sink: the flow is unbounded.
bool unbounded_path(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks)
{
  const auto& edges = graph.edges();
  auto unbounded =
      reachable(graph, sources, [&](int e) { return std::isinf(edges[static_cast<std::size_t>(e)].capacity); });
  for (int t : sinks)
    if (unbounded[static_cast<std::size_t>(t)])
      return true;
  return false;
}

// "Unbounded" in the integer solve: above any finite cut, whose capacities sum below 2^61.
constexpr std::int64_t kInfinite = std::int64_t{1} << 62;

// A power of two (exact in binary) that scales the finite capacities to sum below 2^61.
double integer_scale(const std::vector<CapacityEdge>& edges)
{
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
  return scale;
}

std::int64_t scaled(double capacity, double scale)
{
  return std::isinf(capacity) ? kInfinite : static_cast<std::int64_t>(std::llround(capacity * scale));
}

void add_flow_edge(FlowGraph& g, std::size_t from, std::size_t to, std::int64_t capacity)
{
  auto e        = boost::add_edge(from, to, g).first;
  auto r        = boost::add_edge(to, from, g).first;
  g[e].capacity = capacity;
  g[r].capacity = 0;
  g[e].reverse  = r;
  g[r].reverse  = e;
}

// The graph's edges with scaled integer capacities, each with its reverse edge, plus a super-source feeding every
// source and a super-sink fed by every sink. Built in place and never copied: an edge descriptor (`reverse`)
// points at its edge's properties in this very graph, and Boost's adjacency_list has no move constructor.
struct FlowNetwork {
  FlowGraph g;
  std::size_t source = 0;
  std::size_t sink   = 0;
  std::vector<char> in_flow_graph; // per original edge: 0 for a self-loop, left out

  FlowNetwork(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks, double scale)
      : g(static_cast<std::size_t>(graph.node_count() + 2)), source(static_cast<std::size_t>(graph.node_count())),
        sink(static_cast<std::size_t>(graph.node_count() + 1)), in_flow_graph(graph.edges().size(), 0)
  {
    const auto& edges = graph.edges();
    for (std::size_t i = 0; i < edges.size(); ++i) {
      if (edges[i].from == edges[i].to)
        continue; // a self-loop carries nothing from a source to a sink
      add_flow_edge(g, static_cast<std::size_t>(edges[i].from), static_cast<std::size_t>(edges[i].to),
                    scaled(edges[i].capacity, scale));
      in_flow_graph[i] = 1;
    }
    for (int s : sources)
      add_flow_edge(g, source, static_cast<std::size_t>(s), kInfinite);
    for (int t : sinks)
      add_flow_edge(g, static_cast<std::size_t>(t), sink, kInfinite);
  }
  FlowNetwork(const FlowNetwork&)            = delete;
  FlowNetwork& operator=(const FlowNetwork&) = delete;
};

// Boykov-Kolmogorov from the super-source to the super-sink; leaves the residual capacities in the graph.
std::int64_t run_boykov_kolmogorov(FlowNetwork& net)
{
  FlowGraph& g = net.g;
  std::vector<Traits::edge_descriptor> predecessor(boost::num_vertices(g));
  std::vector<boost::default_color_type> color(boost::num_vertices(g));
  std::vector<long> distance(boost::num_vertices(g));
  auto index = boost::get(boost::vertex_index, g);
  return boost::boykov_kolmogorov_max_flow(
      g, boost::get(&FlowEdge::capacity, g), boost::get(&FlowEdge::residual, g), boost::get(&FlowEdge::reverse, g),
      boost::make_iterator_property_map(predecessor.begin(), index),
      boost::make_iterator_property_map(color.begin(), index),
      boost::make_iterator_property_map(distance.begin(), index), index, net.source, net.sink);
}

// The min cut closest to the sources: what the sources still reach in the residual graph. A reverse
// edge with residual capacity means flow on the original edge can be pushed back, so walk both ways.
std::vector<int> min_cut(const CapacityGraph& graph, const FlowNetwork& net)
{
  const FlowGraph& g = net.g;
  std::vector<char> seen(boost::num_vertices(g), 0);
  std::deque<std::size_t> queue{net.source};
  seen[net.source] = 1;
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
  const auto& edges = graph.edges();
  std::vector<int> cut;
  for (std::size_t i = 0; i < edges.size(); ++i)
    if (net.in_flow_graph[i] && seen[static_cast<std::size_t>(edges[i].from)] &&
        !seen[static_cast<std::size_t>(edges[i].to)])
      cut.push_back(static_cast<int>(i));
  return cut;
}

} // namespace

MaxFlowResult solve_max_flow(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks)
{
  check_nodes(graph, sources);
  check_nodes(graph, sinks);
  MaxFlowResult result;
  if (sources.empty() || sinks.empty())
    return result;

  // Detected first, so that the integer solve below never has to push an "infinite" amount (it could overflow 64
  // bits over many such paths).
  if (unbounded_path(graph, sources, sinks)) {
    result.flow = CapacityGraph::kUnbounded;
    return result;
  }

  // Exact integer arithmetic: floating-point residuals in BK can leave 1e-7 crumbs that look like paths.
  const double scale = integer_scale(graph.edges());
  FlowNetwork net(graph, sources, sinks, scale);
  result.flow      = static_cast<double>(run_boykov_kolmogorov(net)) / scale;
  result.cut_edges = min_cut(graph, net);
  return result;
}

double max_flow(const CapacityGraph& graph, const std::vector<int>& sources, const std::vector<int>& sinks)
{
  return solve_max_flow(graph, sources, sinks).flow;
}

} // namespace dcflow
