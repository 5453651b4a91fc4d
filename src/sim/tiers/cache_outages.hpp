#pragma once
// A cache tier's side of failures (README "Failures"): a host of the tier that fails loses its cache's contents
// (memory is volatile; an NVMe scratch cache is rebuilt from the backing tier, as a restarted training job's data
// loader does), so the next reads there miss. Each failure counts the objects and bytes lost, and bumps the host's
// generation so that a fill begun before it does not put its object back.
// A cache's disk that fails (a `tier:` failure group) loses its contents the same way, and until it is back the
// cache is bypassed: reads miss and are served from the backing tier without a fill, writes wait for the disk
// (DataUnavailable, disk_outages.hpp).
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"
#include "sim/tiers/disk_outages.hpp"
#include "storage/lru_cache.hpp"

#include <cstdint>
#include <vector>

namespace dcflow {

class CacheOutages : public FailureObserver {
public:
  // `caches`: the tier's caches, one per host of its role (owned by the tier, which outlives this).
  CacheOutages(SimContext sim, int tier, std::vector<LruCache>& caches);

  // Failures of host `which` (index in the tier's role) so far.
  std::int64_t generation(std::size_t which) const { return which < generation_.size() ? generation_[which] : 0; }

  // Whether the cache disk of host `which` is down now; check() throws DataUnavailable if it is.
  bool disk_down(std::size_t which) const { return disks_.down(which); }
  void check(std::size_t which) const { disks_.check(which); }

  void host_down(const HostOutage& outage) override;
  void host_up(simgrid::s4u::Host*) override {}
  void disk_down(int tier, const HostOutage& outage) override;
  void disk_up(int tier, simgrid::s4u::Host* host) override { disks_.disk_up(tier, host); }

private:
  SimContext sim_;
  int tier_;
  std::vector<LruCache>& caches_;
  std::vector<std::int64_t> generation_;
  DiskOutages disks_;
};

} // namespace dcflow
