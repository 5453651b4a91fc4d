#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Central queue in arrival order with head-of-line blocking (as fifo: dispatching stops at the first job
// that does not fit), but each job starts on its free data hosts first (ClusterView::data_hosts, in their
// order: most of its data first), then on the lowest-numbered other free hosts. A multi-host job lists its data hosts first,
// so its first host (where its stages run from) holds its data.
class LocalityPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
