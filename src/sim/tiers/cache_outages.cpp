#include "sim/tiers/cache_outages.hpp"

#include "sim/recorder.hpp"
#include "sim/world.hpp"

namespace dcflow {

CacheOutages::CacheOutages(SimContext sim, int tier, std::vector<LruCache>& caches)
    : sim_(sim), tier_(tier), caches_(caches), disks_(sim, tier)
{
}

void CacheOutages::disk_down(int tier, const HostOutage& outage)
{
  if (tier != tier_)
    return;
  host_down(outage); // its contents are lost as with its host
  disks_.disk_down(tier, outage);
}

void CacheOutages::host_down(const HostOutage& outage)
{
  auto which = sim_.world.tier_node(tier_, outage.host);
  if (!which || *which >= caches_.size())
    return;
  if (generation_.size() < caches_.size())
    generation_.resize(caches_.size(), 0);
  ++generation_[*which];
  LruCache& cache = caches_[*which];
  auto& storage   = sim_.recorder.records().storage_failures;
  storage.cache_objects_lost += static_cast<std::int64_t>(cache.size());
  storage.cache_bytes_lost += cache.used();
  cache.clear();
}

} // namespace dcflow
