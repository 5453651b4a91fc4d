// Collectives against closed forms of SimGrid's LV08 model (DESIGN.md): a flow of s bytes alone on a route of
// latency L takes 13.01 L + s / (0.97 B) on split-duplex links. With crosstraffic (on by default) every flow
// also loads the reverse direction of its route with 5% of its rate, so a link direction carrying n flows and
// the acknowledgements of m others gives each 0.97 B / (n + 0.05 m). Each algorithm's step structure is
// analytic/collective_model.hpp's; each test derives its steps' times by hand from the platform's links.
#include "collective_bench.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using Catch::Matchers::WithinRel;
using namespace dcflow;
using dcflow::test::CollectiveBench;

namespace {

// tests/platforms/collective_cluster.xml: 8 ranks, 10 GB/s per direction, route latency 2 x 5 us.
constexpr double B = 10e9, L = 10e-6;
constexpr int k = 8;
// tests/platforms/collective_nodes.xml: 2 nodes of 4; NVLink 100 GB/s, 2 us in node; uplink 40 GB/s, 12 us.
constexpr double B_nvl = 100e9, L_nvl = 2e-6, B_up = 40e9, L_up = 12e-6;
constexpr int g = 4, n = 2;

} // namespace

TEST_CASE("ring all-reduce, step by step: 2(k-1) steps of S/k, each from LV08's closed form")
{
  // Every step each rank sends S/k to the next: its UP link carries that flow and the acknowledgements of the
  // flow it receives (0.05), so each step takes 13.01 L + 1.05 (S/k) / (0.97 B). S = 80 MB, k = 8:
  // 14 x (130.1 us + 1.05 x 10 MB / 9.7 GB/s) = 14 x (130.1 us + 1.082474 ms) = 16.97604 ms.
  const double S = 80e6;
  CollectiveBench bench("collective_cluster.xml");
  double t = 0;
  bench.run([&] { t = bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, bench.group(), S, true); });
  double step = 13.01 * L + 1.05 * (S / k) / (0.97 * B);
  REQUIRE_THAT(t, WithinRel(2 * (k - 1) * step, 1e-6));
  // One wire record per flow: 2(k-1) steps x k flows of S/k, each lasting one step; 2(k-1) S bytes in all.
  const auto& wires = bench.records().side_work;
  REQUIRE(wires.size() == static_cast<std::size_t>(2 * (k - 1) * k));
  for (const auto& w : wires) {
    CHECK(w.wire_bytes == S / k);
    CHECK_THAT(w.wire_end - w.wire_start, WithinRel(step, 1e-6));
  }
  auto shape = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, k, 1, S);
  CHECK(bench.wire_bytes() == shape.total_bytes());
}

TEST_CASE("ring all-reduce, aggregated: one flow per ring edge agrees with the steps within 1%")
{
  // The aggregated ring moves 2(k-1) S/k per edge in one flow, then waits the 2(k-1) - 1 other steps'
  // 13.01 L: on uniform, uncontended links that is the step-by-step time above. Both run here, one after
  // the other, for a small (latency-bound) and a large (bandwidth-bound) buffer.
  CollectiveBench bench("collective_cluster.xml");
  auto group = bench.group();
  std::vector<double> literal, aggregated;
  bench.run([&] {
    for (double S : {64e3, 80e6}) {
      literal.push_back(bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, group, S, true));
      aggregated.push_back(bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, group, S, false));
    }
  });
  for (std::size_t i = 0; i < 2; ++i) {
    double S = i == 0 ? 64e3 : 80e6;
    CHECK_THAT(literal[i], WithinRel(2 * (k - 1) * (13.01 * L + 1.05 * (S / k) / (0.97 * B)), 1e-6));
    CHECK_THAT(aggregated[i], WithinRel(literal[i], 0.01));
    WARN("S " << S << ": literal " << literal[i] << " s, aggregated " << aggregated[i] << " s");
  }
  // Per size: the literal ring's 2(k-1) k flow records, the aggregated one's k; each puts 2(k-1) S on the wire.
  CHECK(bench.records().side_work.size() == static_cast<std::size_t>(2 * (2 * (k - 1) * k + k)));
  CHECK_THAT(bench.wire_bytes(), WithinRel(2 * 2 * (k - 1) * (64e3 + 80e6), 1e-12));
}

TEST_CASE("tree all-reduce: reduce up the levels of a binary tree, then broadcast down, each level one step")
{
  // 8 ranks in heap order: depth 3 holds rank 7 alone (one flow into rank 3: 13.01 L + S / (0.97 B)); depths
  // 2 and 1 have parents with two children, whose two flows share the parent's DOWN link (reduce) or UP
  // link (broadcast), the acknowledgements going the other way: 13.01 L + 2 S / (0.97 B). The broadcast
  // mirrors the reduce: t = 2 [(13.01 L + S/(0.97 B)) + 2 (13.01 L + 2 S/(0.97 B))]. S = 10 MB:
  // 2 [1.16103 ms + 2 x 2.19196 ms] = 11.0899 ms.
  const double S = 10e6;
  CollectiveBench bench("collective_cluster.xml");
  double t = 0;
  bench.run([&] { t = bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Tree, bench.group(), S, false); });
  double one = 13.01 * L + S / (0.97 * B), two = 13.01 * L + 2 * S / (0.97 * B);
  REQUIRE_THAT(t, WithinRel(2 * (one + 2 * two), 1e-6));
  // Every rank but the root sends S up and receives S down: 2(k-1) S.
  CHECK(bench.wire_bytes() == 2 * (k - 1) * S);
  CHECK(bench.records().side_work.size() == static_cast<std::size_t>(2 * (k - 1)));
}

TEST_CASE("hierarchical all-reduce: in-node ring on NVLink, ring across nodes per local index, in-node ring")
{
  // In node (g = 4): g - 1 steps of S/g; each NVLink UP carries one flow and one acknowledgement stream:
  // 13.01 x 2 us + 1.05 (S/g) / (0.97 x 100 GB/s). Across nodes (n = 2): 2(n-1) steps of S/(g n); node 0's
  // uplink UP carries the g flows to node 1 and the acknowledgements of the g flows from it:
  // 13.01 x 12 us + 1.05 g (S/(g n)) / (0.97 x 40 GB/s). Then g - 1 in-node steps again.
  // S = 64 MB: 6 x (26.02 + 173.20) us + 2 x (156.12 + 865.98) us = 3.23949 ms step by step; aggregated
  // within 1% of it (each in-node and cross-node phase is one flow per edge plus the other steps' latencies).
  const double S = 64e6;
  CollectiveBench bench("collective_nodes.xml");
  auto group = bench.group(g);
  // Groups the algorithm cannot run: nodes of 3 and 5 ranks, and a node whose ranks are not contiguous.
  std::vector<Step> none;
  auto uneven = group, split = group;
  uneven.node = {0, 0, 0, 1, 1, 1, 1, 1};
  split.node  = {0, 0, 1, 1, 0, 0, 1, 1};
  CHECK_THROWS_AS(
      plan_collective(bench.sim(), CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, uneven, S, none),
      std::invalid_argument);
  CHECK_THROWS_AS(plan_collective(bench.sim(), CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, split, S, none),
                  std::invalid_argument);
  double literal = 0, aggregated = 0;
  bench.run([&] {
    literal    = bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, group, S, true);
    aggregated = bench.time(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, group, S, false);
  });
  double in_node = 13.01 * L_nvl + 1.05 * (S / g) / (0.97 * B_nvl);
  double across  = 13.01 * L_up + 1.05 * g * (S / (g * n)) / (0.97 * B_up);
  REQUIRE_THAT(literal, WithinRel(2 * (g - 1) * in_node + 2 * (n - 1) * across, 1e-6));
  CHECK_THAT(aggregated, WithinRel(literal, 0.01));
  WARN("literal " << literal << " s, aggregated " << aggregated << " s");
  // Each form puts 2(k-1) S on the wire: 2 n (g-1) S in nodes plus 2(n-1) S across = 2 (g n - 1) S.
  auto shape = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, g * n, g, S);
  CHECK(shape.total_bytes() == 2 * (g * n - 1) * S);
  CHECK_THAT(bench.wire_bytes(), WithinRel(2 * shape.total_bytes(), 1e-12));
}

TEST_CASE("all-to-all: every rank sends bytes/(k-1) to each other rank at once")
{
  // Each UP link carries k-1 flows and the acknowledgements of the k-1 flows the rank receives, so each flow
  // gets 0.97 B / (1.05 (k-1)): t = 13.01 L + 1.05 X / (0.97 B) for X bytes sent per rank. X = 70 MB:
  // 130.1 us + 7.57732 ms = 7.70742 ms; nccl-tests' busbw = (X k/(k-1)) / t x (k-1)/k = X / t.
  const double X = 70e6;
  CollectiveBench bench("collective_cluster.xml");
  double t = 0;
  bench.run([&] { t = bench.time(CollectiveOp::AllToAll, CollectiveAlgorithm::Ring, bench.group(), X, false); });
  REQUIRE_THAT(t, WithinRel(13.01 * L + 1.05 * X / (0.97 * B), 1e-6));
  CHECK(bench.records().side_work.size() == static_cast<std::size_t>(k * (k - 1)));
  CHECK_THAT(bench.wire_bytes(), WithinRel(k * X, 1e-12));
  CHECK_THAT(bus_bandwidth(CollectiveOp::AllToAll, k, nccl_size(CollectiveOp::AllToAll, k, X), t),
             WithinRel(X / t, 1e-12));
}
