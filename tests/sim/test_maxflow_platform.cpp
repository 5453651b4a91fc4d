// The platform's max-flow bound (src/sim/platform_graph.hpp) on platforms whose answer is worked out by
// hand: the maxflow_lab bench, the document example and the two bundled fat trees. Each TEST_CASE loads a
// platform into this process's one SimGrid engine (catch_discover_tests runs each case in its own process).
#include "sim/platform_analysis.hpp"
#include "sim/platform_graph.hpp"
#include "sim/routing.hpp"
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <simgrid/s4u.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;
using namespace dcflow;

namespace {

// An engine with the test's --cfg items (DCFLOW_CFG) and `platform` loaded and sealed; route declarations
// watched.
std::unique_ptr<sg4::Engine> load(const std::string& platform)
{
  static std::vector<std::string> args;
  args = {"dcflow_sim_tests", "--log=xbt_cfg.thresh:warning"};
  for (const auto& a : test::engine_args())
    args.push_back(a);
  static std::vector<char*> argv;
  argv.clear();
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc    = static_cast<int>(args.size());
  auto engine = std::make_unique<sg4::Engine>(&argc, argv.data());
  watch_route_declarations();
  engine->load_platform(platform);
  engine->seal_platform();
  return engine;
}

std::vector<sg4::Host*> hosts(const std::vector<std::string>& names)
{
  std::vector<sg4::Host*> out;
  for (const auto& n : names)
    out.push_back(sg4::Host::by_name(n));
  return out;
}

std::vector<sg4::Host*> node_range(int first, int last)
{
  std::vector<sg4::Host*> out;
  for (int i = first; i <= last; ++i)
    out.push_back(sg4::Host::by_name("node-" + std::to_string(i)));
  return out;
}

} // namespace

TEST_CASE("maxflow: lab platform, storage to compute is 6.5 GB/s cut at c0-down, c1-down, r2")
{
  // Derivation in tests/platforms/maxflow_lab.xml.
  auto engine     = load(DCFLOW_TEST_DIR "/platforms/maxflow_lab.xml");
  MaxFlowReport r = maxflow_between(hosts({"s0", "s1"}), hosts({"c0", "c1", "c2"}));
  REQUIRE(r.bound_Bps == 6.5e9);
  REQUIRE(r.pairs == 6);
  REQUIRE(r.routes == 6);
  REQUIRE(r.no_route == 0);
  REQUIRE_FALSE(r.sampled);
  REQUIRE(r.saturated_links == std::vector<std::string>{"c0-down", "c1-down", "r2"});
  REQUIRE(r.saturated_total == 3);

  // One source alone: s1 reaches c0 over r1 and c1, c2 over r2, all behind s1-up (3 GB/s).
  r = maxflow_between(hosts({"s1"}), hosts({"c0", "c1", "c2"}));
  REQUIRE(r.bound_Bps == 3e9);
  REQUIRE(r.saturated_links == std::vector<std::string>{"s1-up"});

  // Bisection (natural order c0 c1 c2 s0 s1): {c0, c1} -> {c2, s0, s1}; c0/c1 -> c2 have no route, the
  // four routes to storage start on c0-down or c1-down: 2 + 2 = 4 GB/s.
  MaxFlowReport b;
  REQUIRE(bisection_bandwidth(hosts({"c0", "c1", "c2", "s0", "s1"}), &b) == 4e9);
  REQUIRE(b.routes == 4);
  REQUIRE(b.no_route == 2);
  REQUIRE(b.saturated_links == std::vector<std::string>{"c0-down", "c1-down"});
  REQUIRE(bisection_bandwidth(hosts({"c0"})) == 0);
}

TEST_CASE("maxflow: doc example, storage-0 to node-0..9 is capped by the 10 GB/s uplink")
{
  // Every route is storage-uplink (10 GB/s) then link-i (1 GB/s): the node links sum to 10 GB/s too, and
  // the cut closest to the source is the uplink alone.
  auto engine     = load(DCFLOW_TEST_DIR "/../platforms/doc_example_4_3.xml");
  MaxFlowReport r = maxflow_between(hosts({"storage-0"}), node_range(0, 9));
  REQUIRE(r.bound_Bps == 10e9);
  REQUIRE(r.routes == 10);
  REQUIRE(r.saturated_links == std::vector<std::string>{"storage-uplink"});
  // Half the nodes: their five 1 GB/s links are the cut.
  r = maxflow_between(hosts({"storage-0"}), node_range(0, 4));
  REQUIRE(r.bound_Bps == 5e9);
  REQUIRE(r.saturated_total == 5);
}

TEST_CASE("maxflow: AI cluster fat tree, storage node-64..71 to compute node-0..63 is 800 GB/s")
{
  // platforms/ai_cluster_fat_tree.xml: FAT_TREE "2;8,9;1,4;1,2", split-duplex 100 GB/s links. Storage
  // hosts node-64..71 share leaf 8. Upwards, each storage host has one 100 GB/s UP link: 8 x 100 = 800.
  // Leaf 8 has 4 spines x 2 parallel links = 8 UP links (800); SimGrid picks one by d-mod-k on the
  // destination's position (d mod 8), and the 64 destinations cover all eight. Downwards, each compute
  // host has a 100 GB/s DOWN link (6400) and each compute leaf 8 DOWN links from the spines. So both the
  // storage hosts' UP links and leaf 8's UP links cut at 800 GB/s and nothing smaller does: 800 GB/s, and
  // the cut closest to the sources is the eight storage-host UP links.
  auto engine     = load(DCFLOW_TEST_DIR "/../platforms/ai_cluster_fat_tree.xml");
  MaxFlowReport r = maxflow_between(node_range(64, 71), node_range(0, 63));
  REQUIRE(r.bound_Bps == 800e9);
  REQUIRE(r.routes == 512);
  REQUIRE_FALSE(r.sampled);
  REQUIRE(r.saturated_total == 8);
  std::set<std::string> cut(r.saturated_links.begin(), r.saturated_links.end());
  for (int i = 64; i <= 71; ++i) {
    // The host's own link to its leaf is the first link of its routes.
    std::vector<sg4::Link*> links;
    REQUIRE(find_route(sg4::Host::by_name("node-" + std::to_string(i)), sg4::Host::by_name("node-0"), links));
    REQUIRE(cut.count(links.front()->get_name()) == 1);
    REQUIRE(links.front()->get_name().substr(links.front()->get_name().size() - 3) == "_UP");
  }
  // Bisection of the compute hosts: node-0..31 (leaves 0-3) -> node-32..63 (leaves 4-7). 32 host UP
  // links = 3200; 4 leaves x 8 UP links = 3200 (d-mod-k uses all eight); 32 host DOWN links = 3200.
  REQUIRE(bisection_bandwidth(node_range(0, 63)) == 3200e9);
}

TEST_CASE("maxflow: 1024-host fat tree, sampled routes still find the full bisection")
{
  // platforms/bench_fat_tree_1024.xml: "2;32,32;1,32;1,1", 12.5 GB/s links, full bisection. Storage
  // node-[960-1023] (two leaves, 64 host UP links) to compute node-[0-959]: 64 x 12.5 = 800 GB/s over all
  // 61,440 routes. All hosts' bisection: 512 x 512 = 262,144 pairs, above the 200,000 budget, so sampled;
  // every one of the 512 host UP links (12.5 each) still carries flow: 6400 GB/s.
  auto engine     = load(DCFLOW_TEST_DIR "/../platforms/bench_fat_tree_1024.xml");
  MaxFlowReport r = maxflow_between(node_range(960, 1023), node_range(0, 959));
  REQUIRE(r.bound_Bps == 800e9);
  REQUIRE(r.routes == 61440);
  REQUIRE_FALSE(r.sampled);
  REQUIRE(r.saturated_total == 64);
  REQUIRE(r.saturated_links.size() == 10);
  MaxFlowReport b;
  REQUIRE(bisection_bandwidth(node_range(0, 1023), &b) == 6400e9);
  REQUIRE(b.sampled);
  REQUIRE(b.pairs == 262144);
  REQUIRE(b.routes <= kMaxFlowPairBudget);
}

TEST_CASE("maxflow: a Full zone without any route gives no route, no crash")
{
  auto engine = load(DCFLOW_TEST_DIR "/platforms/maxflow_unrouted.xml");
  std::vector<sg4::Link*> links;
  REQUIRE_FALSE(find_route(sg4::Host::by_name("a"), sg4::Host::by_name("b"), links));
  MaxFlowReport r = maxflow_between(hosts({"a"}), hosts({"b"}));
  REQUIRE(r.bound_Bps == 0);
  REQUIRE(r.routes == 0);
  REQUIRE(r.no_route == 1);
  REQUIRE(r.saturated_total == 0);
}

TEST_CASE("maxflow: a Floyd zone's missing route is reported, not thrown")
{
  auto engine = load(DCFLOW_TEST_DIR "/errors/platforms/disconnected.xml");
  std::vector<sg4::Link*> links;
  REQUIRE_FALSE(find_route(sg4::Host::by_name("storage-0"), sg4::Host::by_name("node-0"), links));
  REQUIRE(maxflow_between(hosts({"storage-0"}), hosts({"node-0"})).bound_Bps == 0);
}

TEST_CASE("maxflow: pair sampling covers every source and destination within the budget")
{
  // No engine needed. Within the budget: every pair, in order.
  auto all = sample_pairs(3, 4, 12);
  REQUIRE(all.size() == 12);
  REQUIRE(all.front() == std::make_pair(std::size_t{0}, std::size_t{0}));
  REQUIRE(all.back() == std::make_pair(std::size_t{2}, std::size_t{3}));
  // 512 x 512 with a budget of 200,000: each source to 195 destinations at stride 2 from its own index,
  // each destination from 195 sources likewise; duplicates removed.
  auto some = sample_pairs(512, 512, 200000);
  REQUIRE(some.size() <= 200000);
  REQUIRE(some == sample_pairs(512, 512, 200000)); // deterministic
  std::set<std::size_t> sources, destinations;
  for (auto [s, d] : some) {
    sources.insert(s);
    destinations.insert(d);
  }
  REQUIRE(sources.size() == 512);
  REQUIRE(destinations.size() == 512);
  REQUIRE(std::set<std::pair<std::size_t, std::size_t>>(some.begin(), some.end()).size() == some.size());
  // More hosts than half the budget: still one pair per source and per destination.
  auto thin = sample_pairs(300, 300, 100);
  REQUIRE(thin.size() <= 600);
  REQUIRE(thin.size() >= 300);
  REQUIRE(sample_pairs(0, 5).empty());
}

TEST_CASE("maxflow: analyze_platform with the doc example scenario reports roles, 10 GB/s and the uplink")
{
  Scenario scenario = load_scenario(DCFLOW_TEST_DIR "/../scenarios/doc_example_4_3.yaml");
  AnalyzeRequest request;
  request.platform_file = DCFLOW_TEST_DIR "/../platforms/doc_example_4_3.xml";
  request.scenario      = &scenario;
  request.engine_args   = test::engine_args();
  PlatformAnalysis a    = analyze_platform(request);
  REQUIRE(a.all.hosts == 11);
  REQUIRE(a.links == 11); // 10 node links and the uplink; SimGrid's __loopback__ is not counted
  REQUIRE(a.bandwidth_min == 1e9);
  REQUIRE(a.bandwidth_median == 1e9);
  REQUIRE(a.bandwidth_max == 10e9);
  REQUIRE(a.bandwidths.size() == 2);
  REQUIRE(a.bandwidths[0].links == 10);
  REQUIRE(a.bandwidths[1].links == 1);
  REQUIRE(a.roles.size() == 2);
  REQUIRE(a.has_flow);
  REQUIRE(a.flow_from.label == "role 'storage'");
  REQUIRE(a.flow_to.hosts == 10);
  REQUIRE(a.flow.bound_Bps == 10e9);
  REQUIRE(a.flow.saturated_links == std::vector<std::string>{"storage-uplink"});
  // The compute nodes have no routes between them in this platform.
  REQUIRE(a.bisection.bound_Bps == 0);
  REQUIRE(a.bisection.routes == 0);
}
