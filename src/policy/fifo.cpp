#include "policy/fifo.hpp"

namespace dcflow {

std::vector<Dispatch> FifoPolicy::schedule(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue = view.queue();
  std::size_t free  = view.free_count();
  std::size_t next  = 0; // the view does not change during one call: walk the free hosts upwards
  for (std::size_t i = 0; i < queue.size(); ++i) {
    auto needed = static_cast<std::size_t>(queue[i].hosts_needed);
    if (needed > free)
      break;
    dispatches.push_back(Dispatch{i, take_lowest_free(view, needed, next)});
    free -= needed;
  }
  return dispatches;
}

} // namespace dcflow
