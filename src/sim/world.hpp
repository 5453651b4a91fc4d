#pragma once
// The scenario bound to its platform: the engine, the hosts of each role, the compute pool, the disks of each
// storage tier, the links and the routes between hosts. Built once before the run, it is where the rest of
// the simulation finds a SimGrid object by role, index or host. Binding checks everything the scenario says
// about the platform (roles select hosts, tiers have disks, every transfer has a route) and throws InputError
// on the first mismatch.

#include "report/records.hpp"
#include "scenario/scenario.hpp"
#include "sim/gpu_inventory.hpp"
#include "sim/simgrid_compat.hpp"

#include <simgrid/s4u.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dcflow {

class World {
public:
  // Creates the engine with `engine_args` (only --cfg=... / --log=...), loads and seals the platform, binds
  // roles, tier disks, links and routes. The static description of the resources goes into `records`.
  World(const Scenario& scenario, const std::vector<std::string>& engine_args, RunRecords& records);
  World(const World&)            = delete;
  World& operator=(const World&) = delete;

  const Scenario& scenario() const { return scenario_; }
  simgrid::s4u::Engine& engine() { return *engine_; }

  const std::vector<simgrid::s4u::Host*>& hosts() const { return hosts_; } // natural order
  // The platform's GPUs and GPU nodes (empty without GPUs).
  const GpuInventory& gpus() const { return gpus_; }
  const std::vector<simgrid::s4u::Host*>& role(const std::string& name) const { return role_hosts_.at(name); }
  const std::vector<simgrid::s4u::Host*>& pool() const { return role("compute"); }
  // The host that feeds a pool host's training work (loads its batches, writes its checkpoint shards): its GPU
  // node's CPU host, else the host itself.
  simgrid::s4u::Host* feeding_host(simgrid::s4u::Host* host) const;
  // Index of `host` in the compute pool, if it is a compute host.
  std::optional<std::size_t> pool_index(const simgrid::s4u::Host* host) const;
  // How many pool hosts can ever be on: autoscaling's maximum, else the whole pool.
  std::size_t usable_pool_size() const;

  // Index, among `role`'s hosts, of the host serving job `id`: its own host `own` when `own` is one of them
  // (always, for the compute role), else id mod n.
  std::size_t serving_index(const std::string& role, std::int64_t id, simgrid::s4u::Host* own) const;
  simgrid::s4u::Host* host_for(const std::string& role, std::int64_t id, simgrid::s4u::Host* own) const;

  // A tier's disks, as indices into RunRecords::disks, aligned with the hosts of the tier's role (empty for
  // object tiers).
  const std::vector<int>& tier_disks(int tier) const { return tier_disks_[static_cast<std::size_t>(tier)]; }
  simgrid::s4u::Disk* disk(int index) const { return disk_ptrs_[static_cast<std::size_t>(index)]; }
  // Index of `host` among the hosts of tier `tier`'s role, if it is one of them.
  std::optional<std::size_t> tier_node(int tier, const simgrid::s4u::Host* host) const;

  // The platform XML's own state profiles (failures), one group per host or link; applied by sim/failures/.
  const std::vector<FailureGroup>& platform_failures() const { return platform_failures_; }

  // The route src -> dst as an index into RunRecords::routes (added on first use), and its latency.
  int route_index(simgrid::s4u::Host* src, simgrid::s4u::Host* dst);
  double route_latency(int route) const { return route_latency_[static_cast<std::size_t>(route)]; }

private:
  void load_platform();
  void bind_roles();
  void bind_tiers();
  simgrid::s4u::Disk* tier_disk(const StorageTier& tier, simgrid::s4u::Host* host) const;
  void collect_links();
  void check_routes() const;
  void check_jobs_fit() const;
  void check_model_fits(const JobClass& job_class) const;
  void check_inference(const JobClass& job_class) const;

  const Scenario& scenario_;
  RunRecords& records_;
  std::vector<std::string> args_;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
  std::vector<simgrid::s4u::Host*> hosts_;
  GpuInventory gpus_;
  std::map<std::string, std::vector<simgrid::s4u::Host*>> role_hosts_;
  std::map<std::string, std::unordered_map<const simgrid::s4u::Host*, std::size_t>> role_index_;
  std::unordered_map<const simgrid::s4u::Host*, std::size_t> pool_index_;
  std::vector<std::vector<int>> tier_disks_;
  std::vector<simgrid::s4u::Disk*> disk_ptrs_;
  std::vector<std::unordered_map<const simgrid::s4u::Host*, std::size_t>> tier_node_index_;
  std::unordered_map<const simgrid::s4u::Link*, int> link_index_;
  // Route indices by (source, destination), each host by its index in hosts(): one small node per pair met.
  std::unordered_map<std::uint64_t, int> route_cache_;
  std::unordered_map<const simgrid::s4u::Host*, std::uint32_t> host_number_;
  std::vector<double> route_latency_;
  std::vector<FailureGroup> platform_failures_;
};

} // namespace dcflow
