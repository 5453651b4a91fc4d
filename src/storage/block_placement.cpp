#include "storage/block_placement.hpp"

#include "util/rng.hpp"

#include <algorithm>
#include <cmath>

namespace dcflow {

std::int64_t piece_count(double bytes, double piece)
{
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(bytes / piece)));
}

double piece_bytes(double bytes, double piece, std::int64_t i)
{
  return std::min(piece, bytes - static_cast<double>(i) * piece);
}

std::vector<std::size_t> block_replicas(std::int64_t object, std::int64_t block, std::size_t nodes, int replication,
                                        std::optional<std::size_t> writer)
{
  auto r = std::min(static_cast<std::size_t>(std::max(replication, 1)), nodes);
  std::uint64_t h =
      mix64(static_cast<std::uint64_t>(object) * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(block));
  std::vector<std::size_t> replicas;
  replicas.reserve(r);
  if (!writer) {
    for (std::size_t i = 0; i < r; ++i)
      replicas.push_back(static_cast<std::size_t>((h + i) % nodes));
    return replicas;
  }
  // The writer, then consecutive nodes among the n - 1 others (numbered without the writer), so that the
  // other replicas spread evenly over them.
  replicas.push_back(*writer);
  std::size_t others = nodes - 1;
  for (std::size_t i = 0; replicas.size() < r; ++i) {
    std::size_t k = static_cast<std::size_t>((h + i) % others);
    replicas.push_back(k >= *writer ? k + 1 : k);
  }
  return replicas;
}

} // namespace dcflow
