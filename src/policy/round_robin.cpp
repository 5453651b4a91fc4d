#include "policy/round_robin.hpp"

#include <stdexcept>

namespace dcflow {

std::size_t RoundRobinPolicy::route(const ClusterView& view, const QueuedJob&)
{
  const std::size_t n = view.host_count();
  // last_ + 1 wraps npos to 0; a pool that shrank since the last call also restarts the cycle at 0.
  std::size_t start = last_ + 1 < n ? last_ + 1 : 0;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t host = (start + k) % n;
    if (view.is_active(host)) {
      last_ = host;
      return host;
    }
  }
  throw std::logic_error("round_robin: route() called with no active host");
}

} // namespace dcflow
