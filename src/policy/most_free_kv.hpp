#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues, for inference serving: each request goes to the active replica with the most KV-cache
// memory that its running and queued requests have not reserved (ClusterView::free_memory), the lowest index
// among equals. Memory is what admits requests under continuous batching; counts and estimates do not see it.
class MostFreeKvPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;
};

} // namespace dcflow
