#include "scenario/scenario.hpp"

namespace dcflow {

std::string HostSelector::describe() const
{
  if (!pattern.empty())
    return "pattern '" + pattern + "'";
  if (property_value.empty())
    return "property '" + property_key + "'";
  return "property '" + property_key + "=" + property_value + "'";
}

std::string to_string(StageKind kind)
{
  switch (kind) {
  case StageKind::Read:
    return "read";
  case StageKind::Transfer:
    return "transfer";
  case StageKind::Compute:
    return "compute";
  case StageKind::Write:
    return "write";
  }
  return "?";
}

std::string to_string(TierKind kind)
{
  switch (kind) {
  case TierKind::Disk:
    return "disk";
  case TierKind::Cache:
    return "cache";
  case TierKind::Object:
    return "object";
  case TierKind::Dfs:
    return "dfs";
  }
  return "?";
}

const Role* Scenario::find_role(const std::string& role_name) const
{
  for (const auto& role : roles)
    if (role.name == role_name)
      return &role;
  return nullptr;
}

int Scenario::find_tier(const std::string& tier_name) const
{
  for (std::size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].name == tier_name)
      return static_cast<int>(i);
  return -1;
}

} // namespace dcflow
