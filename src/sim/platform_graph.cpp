#include "sim/platform_graph.hpp"

#include "sim/routing.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

bool is_fatpipe(const sg4::Link* link)
{
  return link->get_sharing_policy() == sg4::Link::SharingPolicy::FATPIPE;
}

std::uint64_t edge_key(int from, int to)
{
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) | static_cast<std::uint32_t>(to);
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>> sample_pairs(std::size_t sources, std::size_t destinations,
                                                              std::size_t budget)
{
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (sources == 0 || destinations == 0)
    return pairs;
  if (sources <= budget / destinations) {
    pairs.reserve(sources * destinations);
    for (std::size_t s = 0; s < sources; ++s)
      for (std::size_t d = 0; d < destinations; ++d)
        pairs.emplace_back(s, d);
    return pairs;
  }
  // Half the budget goes to "every source reaches some destinations", half to "every destination is
  // reached from some sources". Starting each stride at the host's own index spreads the pairs, so that
  // routing that picks a path by destination index (fat-tree d-mod-k) still sees every path.
  std::size_t per_source = std::clamp<std::size_t>(budget / 2 / sources, 1, destinations);
  std::size_t per_dest   = std::clamp<std::size_t>(budget / 2 / destinations, 1, sources);
  std::size_t stride_d   = std::max<std::size_t>(1, destinations / per_source);
  std::size_t stride_s   = std::max<std::size_t>(1, sources / per_dest);
  pairs.reserve(sources * per_source + destinations * per_dest);
  for (std::size_t s = 0; s < sources; ++s)
    for (std::size_t t = 0; t < per_source; ++t)
      pairs.emplace_back(s, (s + t * stride_d) % destinations);
  for (std::size_t d = 0; d < destinations; ++d)
    for (std::size_t t = 0; t < per_dest; ++t)
      pairs.emplace_back((d + t * stride_s) % sources, d);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

MaxFlowReport maxflow_between(const std::vector<sg4::Host*>& sources, const std::vector<sg4::Host*>& destinations)
{
  MaxFlowReport report;
  std::unordered_set<const sg4::Host*> source_set(sources.begin(), sources.end());
  std::size_t shared = 0;
  for (const auto* h : destinations)
    shared += source_set.count(h);
  report.pairs = sources.size() * destinations.size() - shared;

  auto pairs     = sample_pairs(sources.size(), destinations.size());
  report.sampled = pairs.size() < sources.size() * destinations.size();

  CapacityGraph graph;
  std::unordered_map<const sg4::Link*, int> link_node; // the link's "in" node; "out" is in + 1
  std::vector<const sg4::Link*> edge_link;             // per graph edge: its link, or null
  std::vector<int> source_node(sources.size(), -1), destination_node(destinations.size(), -1);
  std::unordered_set<std::uint64_t> joined;
  auto join = [&](int from, int to) {
    if (joined.insert(edge_key(from, to)).second) {
      graph.add_edge(from, to, CapacityGraph::kUnbounded);
      edge_link.push_back(nullptr);
    }
  };
  auto node_of = [&](const sg4::Link* link) {
    auto [it, fresh] = link_node.try_emplace(link, 0);
    if (fresh) {
      it->second = graph.add_nodes(2);
      graph.add_edge(it->second, it->second + 1, is_fatpipe(link) ? CapacityGraph::kUnbounded : link->get_bandwidth());
      edge_link.push_back(link);
    }
    return it->second;
  };

  std::vector<sg4::Link*> links;
  for (auto [s, d] : pairs) {
    if (sources[s] == destinations[d])
      continue;
    if (!find_route(sources[s], destinations[d], links)) {
      ++report.no_route;
      continue;
    }
    ++report.routes;
    if (source_node[s] < 0)
      source_node[s] = graph.add_nodes();
    if (destination_node[d] < 0)
      destination_node[d] = graph.add_nodes();
    int previous = source_node[s];
    for (const auto* link : links) {
      int in = node_of(link);
      join(previous, in);
      previous = in + 1;
    }
    join(previous, destination_node[d]);
  }

  std::vector<int> source_nodes, sink_nodes;
  for (int n : source_node)
    if (n >= 0)
      source_nodes.push_back(n);
  for (int n : destination_node)
    if (n >= 0)
      sink_nodes.push_back(n);
  MaxFlowResult flow = solve_max_flow(graph, source_nodes, sink_nodes);
  report.bound_Bps   = flow.flow;
  std::vector<std::string> cut;
  for (int e : flow.cut_edges)
    if (const sg4::Link* link = edge_link[static_cast<std::size_t>(e)])
      cut.push_back(link->get_name());
  std::sort(cut.begin(), cut.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  report.saturated_total = cut.size();
  if (cut.size() > 10)
    cut.resize(10);
  report.saturated_links = cut;
  return report;
}

double bisection_bandwidth(const std::vector<sg4::Host*>& hosts, MaxFlowReport* report)
{
  if (hosts.size() < 2) {
    if (report)
      *report = MaxFlowReport{};
    return 0;
  }
  auto middle = hosts.begin() + static_cast<std::ptrdiff_t>(hosts.size() / 2);
  MaxFlowReport r =
      maxflow_between(std::vector<sg4::Host*>(hosts.begin(), middle), std::vector<sg4::Host*>(middle, hosts.end()));
  if (report)
    *report = r;
  return r.bound_Bps;
}

} // namespace dcflow
