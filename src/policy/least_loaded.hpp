#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues: each job goes to the active host with the least outstanding work (seconds of estimated
// work queued plus the rest of the running job), the lowest index among equals.
class LeastLoadedPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;
};

} // namespace dcflow
