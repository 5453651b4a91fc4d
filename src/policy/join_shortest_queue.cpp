#include "policy/join_shortest_queue.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t JoinShortestQueuePolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::size_t best        = ClusterView::npos;
  std::size_t best_queued = 0;
  bool best_busy          = false;
  for (std::size_t host = 0; host < view.host_count(); ++host) {
    if (!view.is_active(host))
      continue;
    std::size_t queued = view.queued_count(host);
    bool busy          = view.running_count(host) > 0;
    // Strictly better on (waiting, busy): the lowest index wins full ties.
    if (best == ClusterView::npos || queued < best_queued || (queued == best_queued && !busy && best_busy)) {
      best        = host;
      best_queued = queued;
      best_busy   = busy;
    }
  }
  if (best == ClusterView::npos)
    throw std::logic_error("join_shortest_queue: route() called with no active host");
  return best;
}

} // namespace dcflow
