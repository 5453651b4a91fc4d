#include "policy/join_shortest_queue.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t JoinShortestQueuePolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::size_t best         = ClusterView::npos;
  std::size_t best_queued  = 0;
  std::size_t best_running = 0;
  for (std::size_t host = 0; host < view.host_count(); ++host) {
    if (!view.is_active(host))
      continue;
    std::size_t queued  = view.queued_count(host);
    std::size_t running = view.running_count(host);
    // Strictly better on (waiting, running): the lowest index wins full ties.
    if (best == ClusterView::npos || queued < best_queued || (queued == best_queued && running < best_running)) {
      best         = host;
      best_queued  = queued;
      best_running = running;
    }
  }
  if (best == ClusterView::npos)
    throw std::logic_error("join_shortest_queue: route() called with no active host");
  return best;
}

} // namespace dcflow
