#include "policy/least_loaded.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t LeastLoadedPolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::size_t best = ClusterView::npos;
  double best_work = 0;
  for (std::size_t host = 0; host < view.host_count(); ++host) {
    if (!view.is_active(host))
      continue;
    double work = view.outstanding_work(host);
    if (best == ClusterView::npos || work < best_work) { // strict: the lowest index wins ties
      best      = host;
      best_work = work;
    }
  }
  if (best == ClusterView::npos)
    throw std::logic_error("least_loaded: route() called with no active host");
  return best;
}

} // namespace dcflow
