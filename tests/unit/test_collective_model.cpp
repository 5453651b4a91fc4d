// Collectives' closed forms: each algorithm's step structure counted by hand, the alpha-beta time of those
// steps, and nccl-tests' bus bandwidth (doc/PERFORMANCE.md there: algbw = S / t, busbw = algbw x 2(k-1)/k for
// all-reduce, x (k-1)/k for all-to-all, chosen so that an ideal ring or all-to-all shows the link's bandwidth).
#include "analytic/collective_model.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace dcflow;
using Catch::Matchers::WithinRel;

namespace {
constexpr double MB = 1e6;
const LinkCost link{5e-6, 10e9}; // 5 us, 10 GB/s
} // namespace

TEST_CASE("collectives: names, and the tables the loader parses against")
{
  CHECK(to_string(CollectiveOp::AllReduce) == "allreduce");
  CHECK(to_string(CollectiveOp::AllToAll) == "alltoall");
  CHECK(to_string(CollectiveAlgorithm::Ring) == "ring");
  CHECK(to_string(CollectiveAlgorithm::Tree) == "tree");
  CHECK(to_string(CollectiveAlgorithm::Hierarchical) == "hierarchical");
  CHECK(kCollectiveOps == std::vector<CollectiveOp>{CollectiveOp::AllReduce, CollectiveOp::AllToAll});
  CHECK(kCollectiveAlgorithms == std::vector<CollectiveAlgorithm>{CollectiveAlgorithm::Ring, CollectiveAlgorithm::Tree,
                                                                  CollectiveAlgorithm::Hierarchical});
}

TEST_CASE("collectives: ring all-reduce is 2(k-1) steps of S/k, and its ideal busbw is the link's bandwidth")
{
  // k = 4, S = 8 MB: 3 reduce-scatter + 3 all-gather steps of 2 MB, 4 flows each: 6 x 4 x 2 MB = 48 MB = 2(k-1)S.
  auto shape = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, 4, 1, 8 * MB);
  REQUIRE(shape.phases.size() == 2);
  CHECK(shape.steps() == 6);
  CHECK(shape.phases[0].bytes == 2 * MB);
  CHECK(shape.phases[0].flows == 4);
  CHECK(shape.total_bytes() == 48 * MB);
  // t = 6 (5 us + 2 MB / 10 GB/s) = 6 x 205 us = 1.23 ms.
  CHECK_THAT(ideal_time(shape, link), WithinRel(1.23e-3, 1e-12));
  // Without latency: t = 2(k-1)/k S / B, so busbw = S/t x 2(k-1)/k = B exactly.
  double t = ideal_time(shape, LinkCost{0, 10e9});
  CHECK_THAT(bus_bandwidth(CollectiveOp::AllReduce, 4, 8 * MB, t), WithinRel(10e9, 1e-12));
  CHECK_THAT(algorithm_bandwidth(8 * MB, t), WithinRel(10e9 * 4 / 6, 1e-12));
  // One rank: nothing to do.
  CHECK(collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, 1, 1, 8 * MB).steps() == 0);
}

TEST_CASE("collectives: tree all-reduce reduces level by level up a heap-ordered binary tree, then broadcasts")
{
  // k = 7 is a full tree of depth 2: levels of 4 and 2 ranks, every parent with two children: 4 steps of
  // 5 us + 2 x 8 MB / 10 GB/s = 1.605 ms each.
  auto full = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Tree, 7, 1, 8 * MB);
  CHECK(full.steps() == 4);
  CHECK_THAT(ideal_time(full, link), WithinRel(4 * 1.605e-3, 1e-12));
  CHECK(full.total_bytes() == 2 * 6 * 8 * MB);
  // k = 2: one child: 2 steps of 5 us + 0.8 ms.
  auto pair = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Tree, 2, 1, 8 * MB);
  CHECK_THAT(ideal_time(pair, link), WithinRel(2 * 0.805e-3, 1e-12));
  // k = 4: depth 2 holds rank 3 alone (fan 1), depth 1 ranks 1 and 2 (fan 2): 2 (0.805 + 1.605) ms.
  auto four = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Tree, 4, 1, 8 * MB);
  CHECK(four.steps() == 4);
  CHECK_THAT(ideal_time(four, link), WithinRel(2 * (0.805e-3 + 1.605e-3), 1e-12));
}

TEST_CASE("collectives: hierarchical is an in-node reduce-scatter, a ring across nodes, an in-node all-gather")
{
  // 2 nodes of 4 ranks, S = 8 MB: 3 steps of 2 MB in node, 2(n-1) = 2 steps of 1 MB across, 3 steps of 2 MB.
  auto shape = collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, 8, 4, 8 * MB);
  CHECK(shape.steps() == 8);
  CHECK(shape.total_bytes() == 2 * 7 * 8 * MB); // the same 2(k-1)S as a ring
  LinkCost nvlink{1e-6, 100e9};
  // 6 (1 us + 2 MB / 100 GB/s) + 2 (5 us + 1 MB / 10 GB/s) = 6 x 21 us + 2 x 105 us = 336 us.
  CHECK_THAT(ideal_time(shape, link, nvlink), WithinRel(336e-6, 1e-12));
  CHECK_THROWS_AS(collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Hierarchical, 6, 4, MB),
                  std::invalid_argument);
  CHECK_THROWS_AS(collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, 0, 1, MB),
                  std::invalid_argument);
}

TEST_CASE("collectives: all-to-all is one step of k(k-1) flows, and its ideal busbw is the link's bandwidth")
{
  // k = 4, each rank sends 3 MB: 1 MB to each of 3 others at once through its port: 5 us + 3 MB / 10 GB/s.
  auto shape = collective_shape(CollectiveOp::AllToAll, CollectiveAlgorithm::Ring, 4, 1, 3 * MB);
  CHECK(shape.steps() == 1);
  CHECK(shape.phases[0].flows == 12);
  CHECK(shape.total_bytes() == 12 * MB);
  CHECK_THAT(ideal_time(shape, link), WithinRel(305e-6, 1e-12));
  // nccl-tests counts the rank's own share: S = 4 MB; busbw = S/t x 3/4 = 3 MB / t = B without latency.
  CHECK(nccl_size(CollectiveOp::AllToAll, 4, 3 * MB) == 4 * MB);
  double t = ideal_time(shape, LinkCost{0, 10e9});
  CHECK_THAT(bus_bandwidth(CollectiveOp::AllToAll, 4, 4 * MB, t), WithinRel(10e9, 1e-12));
}
