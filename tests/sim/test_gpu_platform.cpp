// GPU nodes (README "GPU nodes"): the bundled DGX platforms' routes read off their XML, the GPU inventory
// against the figures the platform comments cite, and transfers over NVLink and the compute NICs against
// SimGrid's LV08 closed form. One engine per process.
//   LV08 (SimGrid 3.32 defaults): a flow over links of latency L_i takes 13.01 * sum(L_i) + S / rate, where
//   rate = min over its links of 0.97 * B (SPLITDUPLEX halves: the acknowledgements go the other way, over
//   the other halves) or 0.97 * B / 1.05 (SHARED links carry both), and at most 0.97 * gamma / (2 sum(L_i)),
//   gamma = 4194304 B.
#include "sim/engine_setup.hpp"
#include "sim/gpu_inventory.hpp"
#include "sim/routing.hpp"
#include "sim_support.hpp"
#include "util/strings.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

namespace sg4 = simgrid::s4u;
using Catch::Matchers::WithinRel;
using namespace dcflow;

namespace {

struct Platform {
  std::vector<std::string> argv;
  std::unique_ptr<sg4::Engine> engine;
  std::vector<sg4::Host*> hosts; // natural order
  std::map<std::string, sg4::Host*> by_name;

  explicit Platform(const std::string& path)
  {
    engine = create_engine(test::engine_args(), argv);
    load_platform_checked(*engine, path, Location{path});
    engine->seal_platform();
    hosts = engine->get_all_hosts();
    std::sort(hosts.begin(), hosts.end(),
              [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
    for (auto* h : hosts)
      by_name[h->get_name()] = h;
  }

  struct Route {
    std::string links;           // names, space-separated
    std::set<std::string> kinds; // the fabrics its links belong to ("" for a link without one)
  };

  // dcflow's route (which checks SimGrid's answer is safe), which must also be SimGrid's own.
  Route route(const std::string& src, const std::string& dst) const
  {
    std::vector<sg4::Link*> links;
    std::string why;
    INFO(src << " -> " << dst);
    REQUIRE(find_route(by_name.at(src), by_name.at(dst), links, nullptr, &why));
    std::vector<sg4::Link*> simgrid_links;
    by_name.at(src)->route_to(by_name.at(dst), simgrid_links, nullptr);
    REQUIRE(links == simgrid_links);
    Route r;
    std::vector<std::string> names;
    for (auto* l : links) {
      names.push_back(l->get_name());
      r.kinds.insert(link_fabric(*engine, l));
    }
    r.links = join(names, " ");
    return r;
  }
};

const std::string kH100 = DCFLOW_TEST_DIR "/../platforms/dgx_h100.xml";
const std::string kA100 = DCFLOW_TEST_DIR "/../platforms/dgx_a100.xml";

// Every pair of GPUs, every storage server to every CPU host and GPU: which fabrics each route crosses.
void check_fabric_separation(const Platform& p, int nodes, int storage_hosts)
{
  using Kinds = std::set<std::string>;
  for (int a = 0; a < nodes; ++a)
    for (int i = 0; i < 8; ++i)
      for (int b = 0; b < nodes; ++b)
        for (int j = 0; j < 8; ++j) {
          if (a == b && i == j)
            continue;
          std::string src = fmt::format("node-{}-gpu-{}", a, i), dst = fmt::format("node-{}-gpu-{}", b, j);
          auto r = p.route(src, dst);
          INFO(src << " -> " << dst << ": " << r.links);
          if (a == b) // NVLink only: the sending GPU's port up, the receiving GPU's port down
            REQUIRE(r.links == fmt::format("node-{}-nvlink-{}_UP node-{}-nvlink-{}_DOWN", a, i, a, j));
          else // the two GPUs' own NICs and the compute fabric; never a storage link
            REQUIRE(r.links == fmt::format("node-{}-nic-{}_UP compute-fabric node-{}-nic-{}_DOWN", a, i, b, j));
          REQUIRE(r.kinds == (a == b ? Kinds{"nvlink"} : Kinds{"compute"}));
        }
  for (int s = 0; s < storage_hosts; ++s)
    for (int a = 0; a < nodes; ++a) {
      std::string server = fmt::format("storage-{}", s), cpu = fmt::format("node-{}-cpu", a);
      auto in = p.route(server, cpu);
      REQUIRE(in.links == fmt::format("storage-{}-nic_UP storage-fabric node-{}-storage-nic_DOWN", s, a));
      REQUIRE(in.kinds == Kinds{"storage"});
      REQUIRE(p.route(cpu, server).kinds == Kinds{"storage"});
      for (int i = 0; i < 8; ++i) { // GPUDirect Storage: storage network then PCIe, no compute NIC
        std::string gpu = fmt::format("node-{}-gpu-{}", a, i);
        REQUIRE(
            p.route(server, gpu).links ==
            fmt::format("storage-{}-nic_UP storage-fabric node-{}-storage-nic_DOWN node-{}-pcie-{}_DOWN", s, a, a, i));
        REQUIRE(p.route(gpu, server).kinds == (Kinds{"storage", "pcie"}));
        REQUIRE(p.route(cpu, gpu).links == fmt::format("node-{}-pcie-{}_DOWN", a, i));
        REQUIRE(p.route(gpu, cpu).links == fmt::format("node-{}-pcie-{}_UP", a, i));
      }
    }
}

} // namespace

TEST_CASE("gpu: DGX H100 routes: NVLink within a node, the GPUs' own NICs across nodes, storage apart")
{
  Platform p(kH100);
  check_fabric_separation(p, 16, 4);
}

TEST_CASE("gpu: DGX A100 routes: NVLink within a node, the GPUs' own NICs across nodes, storage apart")
{
  Platform p(kA100);
  check_fabric_separation(p, 4, 2);
}

TEST_CASE("gpu: the H100 inventory holds 16 nodes of 8 GPUs with the datasheet's figures")
{
  Platform p(kH100);
  GpuInventory inventory(p.hosts, kH100);
  REQUIRE(inventory.gpus().size() == 128);
  REQUIRE(inventory.nodes().size() == 16);
  for (std::size_t n = 0; n < 16; ++n) {
    const GpuNode& node = inventory.nodes()[n];
    INFO(node.name);
    CHECK(node.name == fmt::format("node-{}", n)); // natural order: node-2 before node-10
    CHECK(node.cpu->get_name() == fmt::format("node-{}-cpu", n));
    CHECK(node.cpu->get_core_count() == 112); // 2 x Xeon Platinum 8480C, 56 cores each
    REQUIRE(node.gpus.size() == 8);
    for (std::size_t i = 0; i < 8; ++i) {
      const GpuInfo& gpu = inventory.gpus()[node.gpus[i]];
      CHECK(gpu.host->get_name() == fmt::format("node-{}-gpu-{}", n, i));
      CHECK(gpu.node == static_cast<int>(n));
      CHECK(inventory.gpu_index(gpu.host) == static_cast<std::size_t>(node.gpus[i]));
      CHECK(gpu.kind == "H100-SXM5-80GB");
      CHECK(gpu.peak_flops == Approx(989.4e12)); // 1,979 TFLOPS BF16 with sparsity / 2
      CHECK(gpu.hbm_bytes == Approx(80e9));
      CHECK(gpu.hbm_bandwidth == Approx(3.35e12));
    }
  }
  CHECK_FALSE(inventory.gpu_index(p.by_name.at("node-3-cpu")));
  CHECK_FALSE(inventory.gpu_index(p.by_name.at("storage-0")));
  CHECK(inventory.summary() ==
        "128 GPUs in 16 node(s), 8 per node: 128 x H100-SXM5-80GB (989.4 Tflops, 80 GB HBM at 3350 GB/s); CPU hosts "
        "node-0-cpu .. node-15-cpu (112 cores at 2 Gflops on the first)");
}

TEST_CASE("gpu: the A100 inventory holds 4 nodes of 8 GPUs with the datasheet's figures")
{
  Platform p(kA100);
  GpuInventory inventory(p.hosts, kA100);
  REQUIRE(inventory.nodes().size() == 4);
  REQUIRE(inventory.gpus().size() == 32);
  for (const auto& gpu : inventory.gpus()) {
    CHECK(gpu.kind == "A100-SXM4-80GB");
    CHECK(gpu.peak_flops == Approx(312e12));
    CHECK(gpu.hbm_bytes == Approx(80e9));
    CHECK(gpu.hbm_bandwidth == Approx(2.039e12));
  }
  CHECK(inventory.nodes().back().cpu->get_core_count() == 128); // 2 x EPYC 7742, 64 cores each
}

TEST_CASE("gpu: a platform without GPUs has an empty inventory and links without fabric")
{
  Platform p(DCFLOW_TEST_DIR "/platforms/lab.xml");
  GpuInventory inventory(p.hosts, "lab.xml");
  CHECK(inventory.empty());
  CHECK(inventory.nodes().empty());
  CHECK(inventory.summary().empty());
  for (auto* link : p.engine->get_all_links())
    CHECK(link_fabric(*p.engine, link).empty());
}

TEST_CASE("gpu: a GPU-to-GPU transfer over NVLink takes 13.01 L + S / (0.97 B)")
{
  // node-0-gpu-0 -> node-0-gpu-1 crosses node-0-nvlink-0_UP and node-0-nvlink-1_DOWN (SPLITDUPLEX halves of
  // 450 GB/s, 0.5 us each): L = 1 us, B = 450e9 B/s, no 1.05 charge; the window cap 0.97 * 4194304 / 2e-6 =
  // 2.03e12 B/s is above B. S = 10 GB: 13.01e-6 + 10e9 / (0.97 * 450e9) = 0.022922413 s.
  auto run        = test::simulate(R"(
name: nvlink
platform: ../../platforms/dgx_h100.xml
hosts: {compute: node-0-gpu-1, peer: node-0-gpu-0}
workload:
  jobs: 1
  classes:
    move: {stages: {t: {kind: transfer, bytes: 10GB, from: peer}}}
)");
  double expected = 13.01 * 1e-6 + 10e9 / (0.97 * 450e9);
  REQUIRE(run.results.completed == 1);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(expected, 1e-6));
  // Only NVLink carried it: 10 GB on each of the two halves, nothing on any other fabric.
  std::map<std::string, double> busiest;
  for (const auto& f : run.results.fabrics)
    busiest[f.name] = f.busiest;
  REQUIRE_THAT(busiest.at("nvlink"), WithinRel(10e9 / (450e9 * expected), 1e-6));
  CHECK(busiest.at("compute") == 0);
  CHECK(busiest.at("storage") == 0);
  CHECK(busiest.at("pcie") == 0);
}

TEST_CASE("gpu: eight GPUs sending to another node each get their own 400 Gb/s NIC")
{
  // Job i runs on node-1-gpu-i (FIFO fills the pool in order) and receives from node-0-gpu-i (job id mod 8):
  // 8 flows at once, each over node-0-nic-i_UP, compute-fabric, node-1-nic-i_DOWN. The NICs are 50 GB/s
  // SPLITDUPLEX halves; the compute fabric (SHARED, 2 x 128 x 400 Gb/s = 12.8 TB/s, so 8 flows take
  // 8 x 1.05 x 48.5 GB/s of its 0.97 x 12.8 TB/s) does not bind. L = 1 + 2 + 1 us. Each flow:
  // 13.01 * 4e-6 + 5e9 / (0.97 * 50e9) = 0.103145 s, all eight together: the node moves 8 x 400 Gb/s.
  auto run        = test::simulate(R"(
name: nics
platform: ../../platforms/dgx_h100.xml
hosts: {compute: "node-1-gpu-*", peer: "node-0-gpu-*"}
workload:
  arrival: all
  jobs: 8
  classes:
    move: {stages: {t: {kind: transfer, bytes: 5GB, from: peer}}}
)");
  double expected = 13.01 * 4e-6 + 5e9 / (0.97 * 50e9);
  REQUIRE(run.results.completed == 8);
  for (const auto& job : run.records.jobs)
    REQUIRE_THAT(job.end, WithinRel(expected, 1e-6));
  std::map<std::string, FabricUtil> fabrics;
  for (const auto& f : run.results.fabrics)
    fabrics[f.name] = f;
  CHECK(fabrics.at("compute").links_used == 17); // 8 NICs out, 8 NICs in, the fabric
  CHECK(fabrics.at("nvlink").links_used == 0);
  CHECK(fabrics.at("storage").links_used == 0);
}
