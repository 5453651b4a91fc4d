#include "policy/sjf.hpp"

#include <algorithm>
#include <cstdint>

namespace dcflow {

namespace {

// The sort key copied out of the queue: sorting small contiguous records is much faster than sorting
// indices that chase into a deque of jobs (with their data host vectors) on every comparison.
struct Key {
  double estimate;
  double submit;
  std::int64_t id;
  std::size_t index;
};

} // namespace

std::vector<Dispatch> SjfPolicy::schedule(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue = view.queue();
  std::size_t free  = view.free_count();
  if (queue.empty() || free == 0)
    return dispatches;

  std::vector<Key> order;
  order.reserve(queue.size());
  for (std::size_t i = 0; i < queue.size(); ++i)
    order.push_back(Key{queue[i].estimate, queue[i].submit, queue[i].id, i});
  // A total order (the queue index last), so the result does not depend on the sort algorithm.
  std::sort(order.begin(), order.end(), [](const Key& a, const Key& b) {
    if (a.estimate != b.estimate)
      return a.estimate < b.estimate;
    if (a.submit != b.submit)
      return a.submit < b.submit;
    if (a.id != b.id)
      return a.id < b.id;
    return a.index < b.index;
  });

  std::size_t next = 0; // every start takes the lowest free hosts left: walk the free hosts upwards
  for (const Key& key : order) {
    if (free == 0)
      break;
    auto needed = static_cast<std::size_t>(queue[key.index].hosts_needed);
    if (needed > free)
      continue; // skipped, not blocking: smaller jobs behind it may still start
    dispatches.push_back(Dispatch{key.index, take_lowest_free(view, needed, next)});
    free -= needed;
  }
  return dispatches;
}

} // namespace dcflow
