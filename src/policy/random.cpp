#include "policy/random.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t RandomPolicy::route(const ClusterView& view, const QueuedJob&)
{
  std::size_t active = 0;
  for (std::size_t host = 0; host < view.host_count(); ++host)
    active += view.is_active(host) ? 1 : 0;
  if (active == 0)
    throw std::logic_error("random: route() called with no active host");
  // The k-th active host in index order: the draw does not depend on how the view stores its hosts.
  std::size_t k = static_cast<std::size_t>(rng_.below(active));
  for (std::size_t host = 0;; ++host)
    if (view.is_active(host) && k-- == 0)
      return host;
}

} // namespace dcflow
