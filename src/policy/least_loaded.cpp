#include "policy/least_loaded.hpp"

namespace dcflow {

std::size_t LeastLoadedPolicy::route(const ClusterView& view, const QueuedJob&)
{
  return least_active_host(
      view, [&view](std::size_t host) { return view.outstanding_work(host); }, "least_loaded");
}

} // namespace dcflow
