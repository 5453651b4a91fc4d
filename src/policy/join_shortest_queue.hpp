#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues: each job goes to the active host with the fewest jobs WAITING (queued_count), then to
// a free host (running nothing) among equals, then to the lowest index. Unlike least_connection, which
// counts running + queued, the running job is only a tie-breaker here: a busy host with an empty queue
// (0 waiting) beats an idle host that already has a job routed to it and not yet started (1 waiting).
// Once every routed job has been dispatched (a host with a queue is always busy) the two choose alike.
class JoinShortestQueuePolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;
};

} // namespace dcflow
