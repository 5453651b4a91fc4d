#include "policy/least_connection.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t LeastConnectionPolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::size_t best      = ClusterView::npos;
  std::size_t best_jobs = 0;
  for (std::size_t host = 0; host < view.host_count(); ++host) {
    if (!view.is_active(host))
      continue;
    std::size_t jobs = view.running_count(host) + view.queued_count(host);
    if (best == ClusterView::npos || jobs < best_jobs) { // strict: the lowest index wins ties
      best      = host;
      best_jobs = jobs;
    }
  }
  if (best == ClusterView::npos)
    throw std::logic_error("least_connection: route() called with no active host");
  return best;
}

} // namespace dcflow
