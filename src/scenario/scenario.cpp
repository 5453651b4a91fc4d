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

std::string to_string(Placement placement)
{
  switch (placement) {
  case Placement::Spread:
    return "spread";
  case Placement::Writer:
    return "writer";
  }
  unhandled_enum_value("Placement", static_cast<int>(placement));
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
  unhandled_enum_value("TierKind", static_cast<int>(kind));
}

// Both switches are generated from the registry's rows (stage_kinds.hpp), a case per kind and no default.
StageParams stage_params_for(StageKind kind)
{
  switch (kind) {
#define DCFLOW_STAGE_PARAMS_CASE(Value, name, Params, make_executor)                                                   \
  case StageKind::Value:                                                                                               \
    return Params{};
    DCFLOW_STAGE_KINDS(DCFLOW_STAGE_PARAMS_CASE)
#undef DCFLOW_STAGE_PARAMS_CASE
  }
  unhandled_enum_value("StageKind", static_cast<int>(kind));
}

std::string to_string(StageKind kind)
{
  switch (kind) {
#define DCFLOW_STAGE_NAME_CASE(Value, name, Params, make_executor)                                                     \
  case StageKind::Value:                                                                                               \
    return name;
    DCFLOW_STAGE_KINDS(DCFLOW_STAGE_NAME_CASE)
#undef DCFLOW_STAGE_NAME_CASE
  }
  unhandled_enum_value("StageKind", static_cast<int>(kind));
}

std::string to_string(Arrival arrival)
{
  switch (arrival) {
  case Arrival::All:
    return "all";
  case Arrival::Interval:
    return "interval";
  case Arrival::Poisson:
    return "poisson";
  }
  unhandled_enum_value("Arrival", static_cast<int>(arrival));
}

std::string to_string(TraceSource::Format format)
{
  switch (format) {
  case TraceSource::Format::Swf:
    return "swf";
  case TraceSource::Format::AlibabaGpu:
    return "alibaba_gpu";
  }
  unhandled_enum_value("TraceSource::Format", static_cast<int>(format));
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

namespace dcflow {

std::string to_string(CheckpointMode mode)
{
  switch (mode) {
  case CheckpointMode::Sync:
    return "sync";
  case CheckpointMode::Async:
    return "async";
  }
  unhandled_enum_value("CheckpointMode", static_cast<int>(mode));
}

} // namespace dcflow

namespace dcflow {

std::string to_string(BatchingMode mode)
{
  switch (mode) {
  case BatchingMode::Static:
    return "static";
  case BatchingMode::Continuous:
    return "continuous";
  }
  unhandled_enum_value("BatchingMode", static_cast<int>(mode));
}

} // namespace dcflow

namespace dcflow {

bool StorageTier::delivers_to_reader() const
{
  switch (kind) {
  case TierKind::Disk:
  case TierKind::Cache:
    return false;
  case TierKind::Object:
  case TierKind::Dfs:
    return true;
  }
  unhandled_enum_value("TierKind", static_cast<int>(kind));
}

} // namespace dcflow
