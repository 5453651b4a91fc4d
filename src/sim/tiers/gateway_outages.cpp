#include "sim/tiers/gateway_outages.hpp"

#include "sim/failures/data_unavailable.hpp"
#include "sim/world.hpp"

#include <algorithm>
#include <cmath>

namespace dcflow {

namespace {
const StorageTier& tier_of(SimContext sim, int tier)
{
  return sim.world.scenario().tiers[static_cast<std::size_t>(tier)];
}
} // namespace

GatewayOutages::GatewayOutages(SimContext sim, int tier)
    : sim_(sim), tier_(tier), back_(sim.world.role(tier_of(sim, tier).role).size(), -1)
{
}

std::vector<simgrid::s4u::Host*> GatewayOutages::live(std::size_t first) const
{
  const auto& gateways = sim_.world.role(tier_of(sim_, tier_).role);
  std::vector<simgrid::s4u::Host*> out;
  double back = INFINITY;
  for (std::size_t i = 0; i < gateways.size(); ++i) {
    std::size_t g = (first + i) % gateways.size();
    if (back_[g] < 0)
      out.push_back(gateways[g]);
    else
      back = std::min(back, back_[g]);
  }
  if (out.empty())
    throw DataUnavailable("object store '" + tier_of(sim_, tier_).name + "': every gateway host is down", back);
  return out;
}

void GatewayOutages::host_down(const HostOutage& outage)
{
  const auto& gateways = sim_.world.role(tier_of(sim_, tier_).role);
  auto it              = std::find(gateways.begin(), gateways.end(), outage.host);
  if (it != gateways.end())
    back_[static_cast<std::size_t>(it - gateways.begin())] = outage.up;
}

void GatewayOutages::host_up(simgrid::s4u::Host* host)
{
  const auto& gateways = sim_.world.role(tier_of(sim_, tier_).role);
  auto it              = std::find(gateways.begin(), gateways.end(), host);
  if (it != gateways.end())
    back_[static_cast<std::size_t>(it - gateways.begin())] = -1;
}

} // namespace dcflow
