#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Central queue, shortest job first: queued jobs are taken by increasing estimate (then earlier submit,
// then lower id) and each one that fits in the hosts still free starts on the lowest-numbered of them; a
// job that does not fit is skipped, so smaller jobs go around it. A large job can therefore starve for as
// long as smaller jobs keep arriving and filling the hosts it waits for.
class SjfPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
