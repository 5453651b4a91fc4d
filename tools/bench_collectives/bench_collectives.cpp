// Times ITERATIONS back-to-back all-reduces of BYTES on RANKS GPUs (8 per node) with one algorithm, the way a
// data-parallel training job's actor runs them: plan the collective's Steps, run them, again.
//
// usage: dcflow_bench_collectives RANKS ITERATIONS ring|tree|hierarchical [BYTES] [--step-by-step]
//
// The platform is generated: nodes of 8 GPUs, each GPU on its own "NVLink" link (450 GB/s each way, 1 us:
// H100 NVLink 4, 900 GB/s bidirectional per GPU), each node leaving through one uplink of 8 x 400 Gb/s =
// 400 GB/s (5 us) into a full crossbar of nodes. Illustrative links for timing the simulator, not a platform
// to study (platforms/ holds those). Prints the wall time, and the simulated time and bus bandwidth of one
// collective.
#include "analytic/collective_model.hpp"
#include "scenario/loader.hpp"
#include "sim/collectives.hpp"
#include "sim/recorder.hpp"
#include "sim/run_steps.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace dcflow;

namespace {

constexpr int kPerNode = 8;

std::string platform_xml(int nodes)
{
  std::string xml = "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
                    "<platform version=\"4.1\">\n<zone id=\"pod\" routing=\"Full\">\n";
  for (int n = 0; n < nodes; ++n) {
    xml += fmt::format("<zone id=\"node-{0}\" routing=\"Cluster\"><router id=\"node-{0}-router\"/>\n", n);
    for (int j = 0; j < kPerNode; ++j) {
      int g = n * kPerNode + j;
      xml += fmt::format("<host id=\"gpu-{0}\" speed=\"989Tf\"/><link id=\"nvl-{0}\" bandwidth=\"450GBps\" "
                         "latency=\"1us\" sharing_policy=\"SPLITDUPLEX\"/><host_link id=\"gpu-{0}\" "
                         "up=\"nvl-{0}_UP\" down=\"nvl-{0}_DOWN\"/>\n",
                         g);
    }
    xml += "</zone>\n";
  }
  for (int n = 0; n < nodes; ++n)
    xml += fmt::format(
        "<link id=\"uplink-{}\" bandwidth=\"400GBps\" latency=\"5us\" sharing_policy=\"SPLITDUPLEX\"/>\n", n);
  for (int a = 0; a < nodes; ++a)
    for (int b = 0; b < nodes; ++b)
      if (a != b)
        xml += fmt::format("<zoneRoute src=\"node-{0}\" dst=\"node-{1}\" gw_src=\"node-{0}-router\" "
                           "gw_dst=\"node-{1}-router\" symmetrical=\"NO\"><link_ctn id=\"uplink-{0}\" "
                           "direction=\"UP\"/><link_ctn id=\"uplink-{1}\" direction=\"DOWN\"/></zoneRoute>\n",
                           a, b);
  xml += "</zone>\n</platform>\n";
  return xml;
}

int usage()
{
  std::fprintf(stderr, "usage: dcflow_bench_collectives RANKS ITERATIONS ring|tree|hierarchical [BYTES] "
                       "[--step-by-step]\n(RANKS a multiple of 8)\n");
  return 2;
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 4)
    return usage();
  int ranks        = std::atoi(argv[1]);
  int iterations   = std::atoi(argv[2]);
  std::string name = argv[3];
  double bytes     = 1e9;
  bool literal     = false;
  for (int a = 4; a < argc; ++a) {
    if (std::string(argv[a]) == "--step-by-step")
      literal = true;
    else
      bytes = std::atof(argv[a]);
  }
  CollectiveAlgorithm algorithm{};
  bool known = false;
  for (auto candidate : kCollectiveAlgorithms)
    if (to_string(candidate) == name) {
      algorithm = candidate;
      known     = true;
    }
  if (!known || ranks < kPerNode || ranks % kPerNode != 0 || iterations < 1 || bytes <= 0)
    return usage();

  auto wall_start = std::chrono::steady_clock::now();
  namespace fs    = std::filesystem;
  fs::path dir    = fs::temp_directory_path() / fmt::format("dcflow_bench_collectives_{}", ::getpid());
  fs::create_directories(dir);
  std::ofstream(dir / "gpus.xml") << platform_xml(ranks / kPerNode);
  Scenario scenario =
      load_scenario_text("name: bench\nplatform: gpus.xml\nhosts: {compute: 'gpu-*'}\ntransfer: {protocol: rdma}\n"
                         "workload: {jobs: 1, classes: {idle: {stages: {c: {kind: compute, flops: 1}}}}}\n",
                         "bench.yaml", {}, dir.string());
  Recorder recorder;
  World world(scenario, {}, recorder.records());
  TierServices tiers;
  SimContext sim{world, recorder, tiers};
  tiers.create(sim);
  fs::remove_all(dir);
  auto setup_end = std::chrono::steady_clock::now();

  CollectiveGroup group;
  group.ranks = world.pool();
  for (int r = 0; r < ranks; ++r)
    group.node.push_back(r / kPerNode);
  double first = 0;
  simgrid::s4u::Actor::create("training", group.ranks.front(), [&] {
    for (int i = 0; i < iterations; ++i) {
      double start = simgrid::s4u::Engine::get_clock();
      std::vector<Step> steps;
      plan_collective(sim, CollectiveOp::AllReduce, algorithm, group, bytes, steps, literal);
      run_steps(steps);
      if (i == 0)
        first = simgrid::s4u::Engine::get_clock() - start;
    }
  });
  world.engine().run();
  auto wall_end = std::chrono::steady_clock::now();

  double wall  = std::chrono::duration<double>(wall_end - wall_start).count();
  double setup = std::chrono::duration<double>(setup_end - wall_start).count();
  std::printf("%d ranks, %d x %s all-reduce of %.3g B%s: wall %.2f s (platform %.2f s), simulated %.6g s, "
              "one collective %.6g s, busbw %.4g GB/s, %zu wire records\n",
              ranks, iterations, name.c_str(), bytes, literal ? " step by step" : "", wall, setup,
              simgrid::s4u::Engine::get_clock(), first,
              bus_bandwidth(CollectiveOp::AllReduce, ranks, bytes, first) / 1e9, recorder.records().side_work.size());
  return 0;
}
