#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Strict first-come first-served on the central queue: the head job starts as soon as enough hosts are
// free, on the lowest-numbered free hosts; no job overtakes the head.
class FifoPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
  bool head_only() const override { return true; }
};

} // namespace dcflow
