#pragma once

#include "policy/policy.hpp"
#include "util/rng.hpp"

#include <cstdint>

namespace dcflow {

// Per-host queues: each job goes to an active host drawn uniformly from the policy's own generator, so
// the same seed gives the same routing whatever else draws random numbers.
class RandomPolicy : public SchedulingPolicy {
public:
  explicit RandomPolicy(std::uint64_t seed) : rng_(seed) {}
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;

private:
  Rng rng_;
};

} // namespace dcflow
