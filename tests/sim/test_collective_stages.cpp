// allreduce and alltoall as stages of an ordinary job, against LV08's closed form on tests/platforms/
// collective_cluster.xml: 8 hosts of 1 Tflops, each on its own split-duplex link of 10 GB/s and 5 us each way
// (route latency 10 us). LV08's cross-traffic puts 0.05 of a flow on its reverse route: in a ring (and in an
// all-to-all) every host both sends and receives, so each UP link carries its own flows plus 0.05 of the flows
// it receives: a flow alone on its UP link gets 0.97 B / 1.05.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

std::string job(const std::string& stages)
{
  return R"(
name: collective-stages
platform: collective_cluster.xml
hosts:
  compute: "gpu-*"
transfer: {protocol: rdma}
workload:
  jobs: 1
  classes:
    step:
      hosts: 8
      stages:
)" + stages;
}

} // namespace

TEST_CASE("a ring allreduce stage after a compute stage takes 2(k-1) steps of S/k after the compute")
{
  // compute: 8 Tflops over 8 hosts of 1 Tflops = 1 s. allreduce of S = 80 MB on k = 8: 14 steps, each every rank
  // sending 10 MB to the next over its UP and the next's DOWN link (plus the 0.05 cross-traffic of the flow it
  // receives): 13.01 x 10 us + 1.05 x 1e7 / (0.97 x 1e10) = 0.0012125 s; 14 steps 0.0169760 s.
  auto run = simulate(job(R"(        forward: {kind: compute, flops: 8Tf}
        sync: {kind: allreduce, bytes: 80MB, after: [forward]}
)"));
  double step = 13.01 * 10e-6 + 1.05 * 1e7 / (0.97 * 1e10);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(1.0 + 14 * step, 1e-6));
  // Every flow is on the wire: 2(k - 1) S = 1.12 GB.
  double wire = 0;
  for (const auto& w : run.records.side_work)
    wire += w.wire_bytes;
  REQUIRE_THAT(wire, WithinRel(2 * 7 * 80e6, 1e-9));
  REQUIRE(run.results.completed == 1);
}

TEST_CASE("an alltoall stage sends every pair's share at once")
{
  // S = 70 MB per rank: 10 MB to each of the 7 others at once. Each UP link carries 7 flows and 0.05 of the 7
  // it receives: 13.01 x 10 us + 1.05 x 7e7 / (0.97 x 1e10) = 0.0077074 s.
  auto run = simulate(job(R"(        exchange: {kind: alltoall, bytes: 70MB}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(13.01 * 10e-6 + 1.05 * 7e7 / (0.97 * 1e10), 1e-6));
}

TEST_CASE("a tree allreduce stage reads its algorithm")
{
  auto run = simulate(job(R"(        sync: {kind: allreduce, bytes: 80MB, algorithm: tree}
)"));
  REQUIRE(std::get<dcflow::AllReduceStageParams>(run.scenario.workload.classes[0].stages[0].params).algorithm ==
          dcflow::CollectiveAlgorithm::Tree);
  // A binary tree on 8 ranks in heap order: depth 3; reduce then broadcast, 6 steps of the whole S, and the two
  // children of a parent share its DOWN link: slower than the ring.
  REQUIRE(run.results.simulated_time_s > 14 * (13.01 * 10e-6 + 1.05 * 1e7 / (0.97 * 1e10)));
}
