#pragma once

#include "policy/policy.hpp"
#include "util/rng.hpp"

#include <cstdint>

namespace dcflow {

// Per-host queues: draw two distinct active hosts uniformly (own seeded generator) and send the job to
// the one with fewer jobs assigned (running + queued), the lower index on a tie; one active host takes all.
class PowerOfTwoPolicy : public SchedulingPolicy {
public:
  explicit PowerOfTwoPolicy(std::uint64_t seed) : rng_(seed) {}
  DispatchModel model() const override { return DispatchModel::PerHostQueues; }
  std::size_t route(const ClusterView& view, const QueuedJob& job) override;

private:
  Rng rng_;
};

} // namespace dcflow
