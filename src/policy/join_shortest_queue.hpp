#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Per-host queues: each job goes to the active host with the fewest jobs WAITING (queued_count), then to
// the host running the fewest jobs (running_count) among equals, then to the lowest index. Unlike
// least_connection, which counts running + queued, the running jobs are only a tie-breaker here: a busy host
// with an empty queue (0 waiting) beats an idle host that already has a job routed to it and not yet started
// (1 waiting). On a cluster host (running 0 or 1) the tie-break is "a free host first"; on an inference
// replica, which runs a whole batch and queues only what does not fit, it is "the smallest batch first", so
// requests spread over replicas instead of all going to the lowest index whenever no queue is waiting.
class JoinShortestQueuePolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;
};

} // namespace dcflow
