#pragma once
// Which disks of a storage tier are down (README "Failures", a `tier:` failure group). SimGrid 3.32 has no
// Disk::turn_off: a disk outage is the tier's disk on one host unavailable for storage only, while the host keeps
// computing. A disk tier whose disk is down throws DataUnavailable when a stage's I/O asks for it (the job waits
// for the disk's return, or fails with the cause if it never returns); a cache tier's cache on it is emptied and
// bypassed (cache_outages.hpp). An I/O already running on the disk when it fails completes: the failure takes
// effect at the next I/O, as a dfs failure does at the next block.
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <string>
#include <vector>

namespace dcflow {

class DiskOutages : public FailureObserver {
public:
  DiskOutages(SimContext sim, int tier);

  // Whether the disk of the tier's `node`-th host (role order) is down now.
  bool down(std::size_t node) const { return node < back_.size() && back_[node] >= 0; }
  // Throws DataUnavailable (the outage's cause; back when the disk is, infinity if never) if `node`'s disk is down.
  void check(std::size_t node) const;

  void host_down(const HostOutage&) override {}
  void host_up(simgrid::s4u::Host*) override {}
  void disk_down(int tier, const HostOutage& outage) override;
  void disk_up(int tier, simgrid::s4u::Host* host) override;

private:
  SimContext sim_;
  int tier_;
  std::vector<double> back_;        // per node: when its disk is back (-1: up)
  std::vector<std::string> causes_; // per node: the cause of its current outage
};

} // namespace dcflow
