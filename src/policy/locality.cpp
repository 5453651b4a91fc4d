#include "policy/locality.hpp"

#include <algorithm>

namespace dcflow {

std::vector<Dispatch> LocalityPolicy::schedule(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue = view.queue();
  std::size_t free  = view.free_count();
  // The view does not change during one call: hosts given out earlier in this call are marked here.
  std::vector<bool> taken(view.host_count(), false);
  std::size_t next = 0; // every free host below `next` is taken
  auto usable      = [&](std::size_t h) { return h < taken.size() && view.is_free(h) && !taken[h]; };

  for (std::size_t i = 0; i < queue.size() && free > 0; ++i) {
    const QueuedJob& job = queue[i];
    auto needed          = static_cast<std::size_t>(job.hosts_needed);
    if (needed > free)
      break; // head-of-line blocking, as fifo
    Dispatch dispatch{i, {}};
    // Free data hosts in the job's order of preference (most of its data first; may repeat a host).
    for (std::size_t h : view.data_hosts(job)) {
      if (dispatch.hosts.size() == needed)
        break;
      if (usable(h)) {
        taken[h] = true;
        dispatch.hosts.push_back(h);
      }
    }
    // Then the lowest-numbered free hosts not yet taken.
    while (dispatch.hosts.size() < needed) {
      std::size_t h = view.first_free(next);
      next          = h + 1;
      if (taken[h])
        continue;
      taken[h] = true;
      dispatch.hosts.push_back(h);
    }
    free -= needed;
    dispatches.push_back(std::move(dispatch));
  }
  return dispatches;
}

} // namespace dcflow
