#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Strict first-come first-served: the head job starts as soon as enough hosts are free, on the
// lowest-numbered free hosts; no job overtakes the head.
class FifoPolicy : public SchedulingPolicy {
public:
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
