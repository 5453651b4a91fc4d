// Cutting a read or write into blocks/requests, and where a dfs tier keeps a block's replicas: the sizes are
// worked out by hand, the placement rules are checked as properties over many (object, block) pairs.
#include "storage/block_placement.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

using dcflow::block_replicas;
using dcflow::piece_bytes;
using dcflow::piece_count;

namespace {

constexpr double block = 134217728; // 128 MiB, HDFS's dfs.blocksize

// The sum of all pieces' sizes: it must give back the amount cut.
double total_of(double bytes, double piece)
{
  double total = 0;
  for (std::int64_t i = 0; i < piece_count(bytes, piece); ++i)
    total += piece_bytes(bytes, piece, i);
  return total;
}

// True when every replica is a node index in [0, nodes) and none appears twice.
bool distinct_and_in_range(const std::vector<std::size_t>& replicas, std::size_t nodes)
{
  std::set<std::size_t> seen(replicas.begin(), replicas.end());
  return seen.size() == replicas.size() &&
         std::all_of(replicas.begin(), replicas.end(), [&](std::size_t r) { return r < nodes; });
}

// Replicas held by each of `nodes` nodes over the blocks 0..49 of objects 0..199 (10000 blocks) with R = 3,
// the writer of object o (if any) given by writer_of(o).
template <typename WriterOf> std::vector<int> replicas_held(std::size_t nodes, WriterOf writer_of)
{
  std::vector<int> held(nodes, 0);
  for (std::int64_t object = 0; object < 200; ++object)
    for (std::int64_t b = 0; b < 50; ++b)
      for (std::size_t node : block_replicas(object, b, nodes, 3, writer_of(object)))
        ++held[node];
  return held;
}

std::optional<std::size_t> no_writer(std::int64_t)
{
  return std::nullopt;
}

} // namespace

TEST_CASE("block placement: 1 GB in 128 MiB blocks is 7 full blocks and a partial eighth")
{
  // 1e9 / 134217728 = 7.45: seven full blocks hold 939524096 bytes, the eighth the other 60475904.
  REQUIRE(piece_count(1e9, block) == 8);
  for (std::int64_t i = 0; i < 7; ++i)
    CHECK(piece_bytes(1e9, block, i) == block);
  CHECK(piece_bytes(1e9, block, 7) == 1e9 - 7 * block);
  CHECK(piece_bytes(1e9, block, 7) == 60475904);
  CHECK(total_of(1e9, block) == 1e9);
}

TEST_CASE("block placement: 1 GB in 8 MiB requests is 119 full requests and a partial 120th")
{
  // The object tier's default request size: 1e9 / 8388608 = 119.2; 119 * 8388608 = 998244352, so the last
  // request carries 1755648 bytes.
  constexpr double request = 8388608;
  REQUIRE(piece_count(1e9, request) == 120);
  CHECK(piece_bytes(1e9, request, 118) == request);
  CHECK(piece_bytes(1e9, request, 119) == 1755648);
  CHECK(total_of(1e9, request) == 1e9);
}

TEST_CASE("block placement: an exact multiple of the block size has no partial block")
{
  // 3 * 128 MiB = 402653184 bytes: exactly 3 blocks, the last one full (not a fourth empty block).
  REQUIRE(piece_count(3 * block, block) == 3);
  CHECK(piece_bytes(3 * block, block, 2) == block);
  // One block's worth is one block.
  REQUIRE(piece_count(block, block) == 1);
  CHECK(piece_bytes(block, block, 0) == block);
}

TEST_CASE("block placement: an amount smaller than a block is one piece of that amount")
{
  CHECK(piece_count(1, block) == 1);
  CHECK(piece_bytes(1, block, 0) == 1);
  CHECK(piece_count(4096, block) == 1);
  CHECK(piece_bytes(4096, block, 0) == 4096);
  // One byte over a block spills into a second block of one byte.
  CHECK(piece_count(block + 1, block) == 2);
  CHECK(piece_bytes(block + 1, block, 1) == 1);
  // Nothing to move is still one (empty) piece, so a stage always has a step.
  CHECK(piece_count(0, block) == 1);
  CHECK(piece_bytes(0, block, 0) == 0);
}

TEST_CASE("block placement: spread gives R distinct nodes, consecutive mod n")
{
  // The documented spread rule: R consecutive nodes (mod n) from a hash of (object, block). Checked for
  // several cluster sizes, including n = R (every node) and a wrap-around past node n - 1.
  bool wrapped = false;
  for (std::size_t nodes : {3u, 4u, 7u, 10u, 64u})
    for (int replication : {1, 2, 3})
      for (std::int64_t object = 0; object < 20; ++object)
        for (std::int64_t b = 0; b < 20; ++b) {
          auto replicas = block_replicas(object, b, nodes, replication);
          REQUIRE(replicas.size() == static_cast<std::size_t>(replication));
          REQUIRE(distinct_and_in_range(replicas, nodes));
          for (std::size_t i = 1; i < replicas.size(); ++i)
            REQUIRE(replicas[i] == (replicas[0] + i) % nodes);
          if (replicas.back() < replicas.front())
            wrapped = true;
        }
  CHECK(wrapped); // the loop above did exercise the "mod n" part
}

TEST_CASE("block placement: the writer rule puts the writer first, once, then consecutive other nodes")
{
  // HDFS: a client on a data node writes the first replica locally. The other R - 1 replicas are consecutive
  // (mod n - 1) among the n - 1 other nodes numbered without the writer: node m is number m - 1 above the
  // writer, m below it.
  for (std::size_t nodes : {3u, 5u, 10u})
    for (int replication : {1, 2, 3})
      for (std::size_t writer = 0; writer < nodes; ++writer)
        for (std::int64_t object = 0; object < 10; ++object)
          for (std::int64_t b = 0; b < 10; ++b) {
            auto replicas = block_replicas(object, b, nodes, replication, writer);
            REQUIRE(replicas.size() == static_cast<std::size_t>(replication));
            REQUIRE(replicas.front() == writer);
            REQUIRE(distinct_and_in_range(replicas, nodes)); // so the writer is never repeated
            auto number = [&](std::size_t node) { return node > writer ? node - 1 : node; };
            for (std::size_t i = 2; i < replicas.size(); ++i)
              REQUIRE(number(replicas[i]) == (number(replicas[i - 1]) + 1) % (nodes - 1));
          }
}

TEST_CASE("block placement: R is clamped to the number of nodes")
{
  // Asking for more replicas than there are nodes gives each node once (the simulation rejects such a
  // scenario up front; the placement itself must still not loop or repeat a node).
  auto replicas = block_replicas(5, 2, 4, 10);
  REQUIRE(replicas.size() == 4);
  CHECK(distinct_and_in_range(replicas, 4));
  auto with_writer = block_replicas(5, 2, 4, 10, std::size_t{2});
  REQUIRE(with_writer.size() == 4);
  CHECK(with_writer.front() == 2);
  CHECK(distinct_and_in_range(with_writer, 4));
  // One node: every block's only replica is on it, with or without a writer.
  CHECK(block_replicas(9, 9, 1, 3) == std::vector<std::size_t>{0});
  CHECK(block_replicas(9, 9, 1, 3, std::size_t{0}) == std::vector<std::size_t>{0});
}

TEST_CASE("block placement: the same (object, block) always gives the same replicas")
{
  // A read must find a block where the write (or the pre-loaded data) put it: placement is a pure function.
  for (std::int64_t object = 0; object < 50; ++object)
    for (std::int64_t b = 0; b < 10; ++b) {
      CHECK(block_replicas(object, b, 10, 3) == block_replicas(object, b, 10, 3));
      CHECK(block_replicas(object, b, 10, 3, std::size_t{4}) == block_replicas(object, b, 10, 3, std::size_t{4}));
    }
  // And it does depend on the block: the blocks of one object do not all land on the same nodes.
  std::set<std::size_t> firsts;
  for (std::int64_t b = 0; b < 20; ++b)
    firsts.insert(block_replicas(7, b, 10, 3).front());
  CHECK(firsts.size() > 1);
}

TEST_CASE("block placement: spread puts about R/n of all replicas on each node")
{
  // 200 objects x 50 blocks = 10000 blocks of R = 3 replicas on n = 10 nodes: 30000 replicas, 3000 per node
  // if spread evenly. Node j holds a replica of a block iff the block's first node is one of the R nodes
  // ending at j, so with a uniform hash each block lands a replica on j with probability R/n = 0.3 and the
  // count is Binomial(10000, 0.3): standard deviation sqrt(10000 * 0.3 * 0.7) = 45.8. The bound, 10% of
  // the mean (300, about 6.5 standard deviations), leaves no room for chance yet fails any real skew: a
  // hash that missed one node would leave it 0, one that favoured some nodes would put 1000s on them.
  // n = 7 (not a power of two, so h % n is not just the low bits) gets the same check.
  for (std::size_t nodes : {10u, 7u}) {
    std::vector<int> held = replicas_held(nodes, no_writer);
    double expected       = 30000.0 / static_cast<double>(nodes);
    for (std::size_t node = 0; node < nodes; ++node) {
      INFO("n = " << nodes << ", node " << node << " holds " << held[node] << " replicas, expected " << expected);
      CHECK(std::abs(held[node] - expected) <= 0.1 * expected);
    }
  }
}

TEST_CASE("block placement: under the writer rule one writer's other replicas spread evenly over the others")
{
  // One writer (node 0 of 10) writes 10000 blocks with R = 3. Node 0 holds all 10000 first replicas; the
  // 20000 others start at a uniform one of the 9 other nodes and take it and the next, so each of nodes 1..9
  // holds 2/9 of 10000 = 2222 of them. Counts are Binomial(10000, 2/9): standard deviation 41.6; the bound,
  // 10% of the expected count (222, over 5 standard deviations), leaves no room for chance.
  constexpr std::size_t nodes = 10;
  std::vector<int> held       = replicas_held(nodes, [](std::int64_t) { return std::optional<std::size_t>(0); });
  CHECK(held[0] == 10000);
  for (std::size_t node = 1; node < nodes; ++node) {
    double expected = 10000.0 * 2 / 9;
    INFO("node " << node << " holds " << held[node] << " replicas, expected " << expected);
    CHECK(std::abs(held[node] - expected) <= 0.1 * expected);
  }
}

TEST_CASE("block placement: with a writer on every node in turn, each node holds about R/n of the replicas")
{
  // HDFS with clients on all data nodes: object o is written from node o mod 10. Each writer holds its own
  // blocks' first replicas (1000) and 2/9 of the other writers' 9000 blocks' (2000), so every node holds
  // 10000 * 3 / 10 = 3000 replicas give or take chance. Same 10% bound as the spread test (300, 6.5
  // standard deviations of Binomial(10000, 0.3)).
  constexpr std::size_t nodes = 10;
  std::vector<int> held       = replicas_held(
            nodes, [](std::int64_t object) { return std::optional<std::size_t>(static_cast<std::size_t>(object) % nodes); });
  for (std::size_t node = 0; node < nodes; ++node) {
    INFO("node " << node << " holds " << held[node] << " replicas, expected 3000");
    CHECK(std::abs(held[node] - 3000) <= 300);
  }
}
