// The collectives study (README "Study: bus bandwidth of the collectives", scenarios/collectives.yaml) against
// the closed forms: a training job on 16 GPUs (2 nodes) of platforms/dgx_h100.xml with no input, negligible
// compute and no overlap is one all-reduce of S = parameters x 2 B per iteration. SimGrid's LV08 model (on by
// default): a flow on a route of latency L takes 13.01 L to start, then shares 0.97 x bandwidth of each link
// direction with the others on it; every flow also loads the reverse direction of its route with 5 % of its
// rate (cross-traffic: acknowledgements). Routes (README "GPU nodes"): GPU -> GPU in a node nvlink-I_UP
// nvlink-J_DOWN, 2 x 0.5 us, 450 GB/s per direction; across nodes nic-I_UP compute-fabric nic-J_DOWN,
// 1 + 2 + 1 us, 400 Gb/s = 50 GB/s per direction (the fabric is wider than all the NICs feeding it).
#include "analytic/collective_model.hpp"
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using Catch::Matchers::WithinRel;
using dcflow::test::simulate;
using namespace dcflow;

namespace {

constexpr double S = 1073741824; // 2^30 B = 1 GiB: the bandwidth-bound end of the study
constexpr int k = 16, g = 8, n = 2;
constexpr double lv08_latency = 13.01, lv08_bandwidth = 0.97, ack = 1.05;
constexpr double nvlink = 450e9, nic = 50e9, L_nvlink = 1e-6, L_nic = 4e-6;

dcflow::test::Run allreduce(const std::string& algorithm)
{
  return simulate(R"(
name: collectives_dgx
platform: ../../platforms/dgx_h100.xml
hosts:
  compute: {property: gpu}
transfer: {protocol: rdma}
workload:
  jobs: 1
  classes:
    allreduce:
      hosts: 16
      training:
        iterations: 1
        batch: 1
        model: {parameters: 536870912, flops_per_sample: 1f, optimizer_bytes: 0}
        allreduce: {algorithm: )" + algorithm +
                  R"(, overlap: 0}
)");
}

// The simulated all-reduce's time and busbw; the busbw is nccl-tests' for that time.
double check_busbw(const dcflow::test::Run& run)
{
  REQUIRE(run.records.training.size() == 1);
  const auto& t = run.records.training.front();
  REQUIRE(t.allreduces == 1);
  double busbw = run.results.training.classes.at(0).allreduce_busbw;
  CHECK_THAT(busbw, WithinRel(bus_bandwidth(CollectiveOp::AllReduce, k, S, t.allreduce_time), 1e-12));
  return t.allreduce_time;
}

} // namespace

TEST_CASE("DGX H100 ring all-reduce: every step waits for the ring's NIC edges, one NIC's bandwidth as busbw")
{
  // Ring order 0..15 (node 0's GPUs, then node 1's): edges 7 -> 8 and 15 -> 0 cross nodes, each alone on its
  // NIC's UP and DOWN directions (the acknowledgements of the NVLink flows into those GPUs stay on NVLink):
  // 0.97 x 50 GB/s; NVLink edges carry a flow and an acknowledgement stream: 0.97 x 450 / 1.05 GB/s, faster.
  // So the ring is the closed form on uniform links of latency 13.01 x 4 us and bandwidth 48.5 GB/s:
  // 2(k - 1) steps of 13.01 L + S / k / B = 30 x (52.04 us + 1.3838 ms) = 43.072 ms; busbw 46.74 GB/s, whose
  // limit for large S is the NIC's 48.5 GB/s.
  auto run    = allreduce("ring");
  double t    = check_busbw(run);
  auto shape  = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, k, g, S);
  double want = ideal_time(shape, LinkCost{lv08_latency * L_nic, lv08_bandwidth * nic});
  REQUIRE_THAT(t, WithinRel(want, 1e-6));
  REQUIRE_THAT(want, WithinRel(30 * (52.04e-6 + S / 16 / 48.5e9), 1e-9));
}

TEST_CASE("DGX H100 hierarchical all-reduce: NVLink phases and the NIC phase, each from its own closed form")
{
  // In-node rings (g = 8): each NVLink direction carries one ring flow and the acknowledgements of the flow the
  // GPU receives: 0.97 x 450 / 1.05 = 415.71 GB/s, route 1 us. Across nodes (n = 2): per local index a ring of
  // 2, i -> j and j -> i, so each NIC direction carries one flow and the other's acknowledgements: 0.97 x 50 /
  // 1.05 = 46.19 GB/s, route 4 us. collective_model's phases: 7 steps of S/8 in node, 2 steps of S/16 across,
  // 7 steps of S/8 in node: 2 x 7 x (13.01 us + 2.5825 ms) + 2 x (52.04 us + 2.9058 ms) = 7.712 ms.
  auto run    = allreduce("hierarchical");
  double t    = check_busbw(run);
  auto shape  = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, k, g, S);
  double want = ideal_time(shape, LinkCost{lv08_latency * L_nic, lv08_bandwidth * nic / ack},
                           LinkCost{lv08_latency * L_nvlink, lv08_bandwidth * nvlink / ack});
  REQUIRE_THAT(t, WithinRel(want, 1e-6));
  REQUIRE_THAT(want, WithinRel(0.007712, 1e-3));
  // Its busbw (268 GB/s at 1 GiB) is 5.5 times the ring's: only 1/8 of the bytes cross a NIC, on all 8 NICs.
  REQUIRE(bus_bandwidth(CollectiveOp::AllReduce, k, S, t) > 5 * lv08_bandwidth * nic);
}

TEST_CASE("DGX H100 tree all-reduce: whole buffers level by level, two children on one parent's port")
{
  // Heap order over ranks 0..15 (ranks 0-7 on node 0): depth D = 4. Reduce, deepest level first:
  //   depth 4: 15 -> 7 across nodes, alone on its NICs:              52.04 us + S / 48.5 GB/s
  //   depth 3: 7 -> 3 (NVLink), 8 -> 3, 9, 10 -> 4, 11, 12 -> 5, 13, 14 -> 6 across nodes: two flows into
  //            GPU 4's (5's, 6's) NIC DOWN direction:                 52.04 us + 2 S / 48.5 GB/s
  //   depth 2: 3, 4 -> 1 and 5, 6 -> 2 on NVLink, two flows into each parent's port (their acknowledgements
  //            leave by the parent's UP direction):                   13.01 us + 2 S / 436.5 GB/s
  //   depth 1: 1, 2 -> 0 on NVLink:                                   13.01 us + 2 S / 436.5 GB/s
  // then the broadcast mirrors it (two flows out of one parent's port). collective_model's shape has these
  // steps and fans; its uniform-link time would put every level on the NIC, so the levels are summed here.
  auto run     = allreduce("tree");
  double t     = check_busbw(run);
  double fast  = lv08_bandwidth * nvlink;
  double slow  = lv08_bandwidth * nic;
  double a_nic = lv08_latency * L_nic, a_nvl = lv08_latency * L_nvlink;
  double half  = (a_nic + S / slow) + (a_nic + 2 * S / slow) + 2 * (a_nvl + 2 * S / fast);
  REQUIRE_THAT(t, WithinRel(2 * half, 1e-6));
  auto shape = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Tree, k, g, S);
  REQUIRE(shape.steps() == 8);
  // Unpipelined, each level forwards all of S: busbw 13.2 GB/s, against 48.5 for the ring.
  REQUIRE_THAT(bus_bandwidth(CollectiveOp::AllReduce, k, S, t), WithinRel(13.19e9, 1e-3));
}
