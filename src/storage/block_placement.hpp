#pragma once
// Where a distributed file system (kind: dfs) keeps the replicas of each block, and how many blocks and
// requests a read or write is cut into. Engine-free: the simulation asks, tests check the rules by hand.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace dcflow {

// The number of pieces of at most `piece` bytes that `bytes` is cut into (at least one), and the size of
// piece `i` (all full but the last).
std::int64_t piece_count(double bytes, double piece);
double piece_bytes(double bytes, double piece, std::int64_t i);

// The data nodes (indices in [0, nodes)) holding the `replication` replicas of block `block` of `object`,
// first replica first. Spread rule: R consecutive nodes (mod nodes) starting at a hash of (object, block), so
// blocks spread evenly and a block's replicas are distinct. With `writer` (HDFS's rule for a client running
// on a data node) the first replica is the writer and the others are R - 1 consecutive nodes, from the same
// hash, among the other n - 1 nodes (so they spread evenly over those).
std::vector<std::size_t> block_replicas(std::int64_t object, std::int64_t block, std::size_t nodes, int replication,
                                        std::optional<std::size_t> writer = std::nullopt);

} // namespace dcflow
