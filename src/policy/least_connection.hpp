#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues: each job goes to the active host with the fewest jobs assigned and not finished
// (running + queued), the lowest index among equals. Job sizes are ignored: see least_loaded for that.
class LeastConnectionPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;
};

} // namespace dcflow
