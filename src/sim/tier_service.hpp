#pragma once
// Storage tiers as services: each tier kind (disk, cache, object store, dfs) turns the read and write stages
// that name it into steps, keeps what it must remember between jobs (cache contents, request-rate limits,
// where blocks were written), and tells the scheduler where a job's data is. One service per tier of the
// scenario, one file per kind in tiers/, made in tier_service.cpp.

#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <memory>
#include <vector>

namespace dcflow {

class TierService {
public:
  virtual ~TierService() = default;

  // The steps of a read or write stage on this tier, for the job's own host.
  virtual void plan_read(const StageContext& stage, StageRun& run)  = 0;
  virtual void plan_write(const StageContext& stage, StageRun& run) = 0;

  // The steps that bring the stage's bytes from this tier to `client` (a cache in front of it filling a
  // miss on that host), recorded as this tier's work.
  virtual void plan_fetch(const StageContext& stage, simgrid::s4u::Host* client, StageRun& run) = 0;

  // The compute hosts (pool indices) holding stage `s` of `job`'s input now, most first; appended to `out`.
  // By default: the host serving the job on this tier's role when that host is also a compute host, and
  // none for a tier on the compute role (local wherever the job runs).
  virtual void data_hosts(const JobSpec& job, std::size_t s, std::vector<std::size_t>& out) const;

  // Failures are simulated (README "Failures"): the observer of its hosts' outages this tier needs, or none
  // (a disk tier's hosts failing is the jobs' concern only).
  virtual FailureObserver* watch_failures() { return nullptr; }
  // After the run: what it lost, into the records.
  virtual void finish_failures() {}

protected:
  TierService(SimContext sim, int tier);
  const StorageTier& tier() const;

  SimContext sim_;
  int tier_; // index in Scenario::tiers
};

// The service of every tier of the scenario, by tier index.
class TierServices {
public:
  TierServices() = default;
  // Makes one service per tier of `sim.world`'s scenario (call once `sim` is complete).
  void create(SimContext sim);
  TierService& operator[](int tier) { return *services_[static_cast<std::size_t>(tier)]; }
  const TierService& operator[](int tier) const { return *services_[static_cast<std::size_t>(tier)]; }
  std::size_t size() const { return services_.size(); }

private:
  std::vector<std::unique_ptr<TierService>> services_;
};

// The services, one file each in tiers/.
std::unique_ptr<TierService> make_disk_tier(SimContext sim, int tier);
std::unique_ptr<TierService> make_cache_tier(SimContext sim, int tier);
std::unique_ptr<TierService> make_object_tier(SimContext sim, int tier);
std::unique_ptr<TierService> make_dfs_tier(SimContext sim, int tier);

} // namespace dcflow
