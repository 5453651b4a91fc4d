#include "policy/least_connection.hpp"

namespace dcflow {

std::size_t LeastConnectionPolicy::route(const ClusterView& view, const QueuedJob&)
{
  return least_active_host(
      view, [&view](std::size_t host) { return view.running_count(host) + view.queued_count(host); },
      "least_connection");
}

} // namespace dcflow
