#include "policy/most_free_kv.hpp"

namespace dcflow {

std::size_t MostFreeKvPolicy::route(const ClusterView& view, const QueuedJob&)
{
  return least_active_host(view, [&view](std::size_t host) { return -view.free_memory(host); }, "most_free_kv");
}

} // namespace dcflow
