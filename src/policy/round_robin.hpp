#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues: each job goes to the next active host after the last one chosen, in index order,
// skipping inactive hosts; the first job goes to the lowest active host.
class RoundRobinPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;

private:
  std::size_t last_ = ClusterView::npos; // npos: nothing routed yet, so the cycle starts at host 0
};

} // namespace dcflow
