#include "sim/tiers/disk_outages.hpp"

#include "sim/failures/data_unavailable.hpp"
#include "sim/world.hpp"

namespace dcflow {

DiskOutages::DiskOutages(SimContext sim, int tier)
    : sim_(sim), tier_(tier), back_(sim.world.tier_disks(tier).size(), -1), causes_(back_.size())
{
}

void DiskOutages::check(std::size_t node) const
{
  if (down(node))
    throw DataUnavailable(causes_[node], back_[node]);
}

void DiskOutages::disk_down(int tier, const HostOutage& outage)
{
  auto node = sim_.world.tier_node(tier_, outage.host);
  if (tier != tier_ || !node || *node >= back_.size())
    return;
  back_[*node]   = outage.up;
  causes_[*node] = outage.cause;
}

void DiskOutages::disk_up(int tier, simgrid::s4u::Host* host)
{
  auto node = sim_.world.tier_node(tier_, host);
  if (tier != tier_ || !node || *node >= back_.size())
    return;
  back_[*node] = -1;
}

} // namespace dcflow
