#include "sim/tier_service.hpp"

#include "sim/world.hpp"

namespace dcflow {

TierService::TierService(SimContext sim, int tier) : sim_(sim), tier_(tier) {}

const StorageTier& TierService::tier() const
{
  return sim_.world.scenario().tiers[static_cast<std::size_t>(tier_)];
}

void TierService::data_hosts(const JobSpec& job, std::size_t, std::vector<std::size_t>& out) const
{
  if (tier().role == "compute")
    return;
  if (auto index = sim_.world.pool_index(sim_.world.host_for(tier().role, job.id, nullptr)))
    out.push_back(*index);
}

void TierServices::create(SimContext sim)
{
  const auto& tiers = sim.world.scenario().tiers;
  for (std::size_t t = 0; t < tiers.size(); ++t) {
    int index = static_cast<int>(t);
    switch (tiers[t].kind) { // no default: a new tier kind must say here which service runs it
    case TierKind::Disk:
      services_.push_back(make_disk_tier(sim, index));
      break;
    case TierKind::Cache:
      services_.push_back(make_cache_tier(sim, index));
      break;
    case TierKind::Object:
      services_.push_back(make_object_tier(sim, index));
      break;
    case TierKind::Dfs:
      services_.push_back(make_dfs_tier(sim, index));
      break;
    }
  }
}

} // namespace dcflow
