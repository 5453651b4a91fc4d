// The storage section: tiers of kind disk, cache (also memory and nvme), object and dfs on a role's hosts.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

namespace dcflow {
namespace {

// The block placements `placement:` may name (by to_string), in the order messages list them.
const std::vector<Placement> kPlacements{Placement::Writer, Placement::Spread};

// The keys of one kind of tier only; a tier of another kind naming one is an error.
const std::vector<std::pair<const char*, TierKind>>& owned_keys()
{
  static const std::vector<std::pair<const char*, TierKind>> owned{
      {"capacity", TierKind::Cache},      {"backing", TierKind::Cache},      {"first_byte_latency", TierKind::Object},
      {"request_size", TierKind::Object}, {"connections", TierKind::Object}, {"connection_bandwidth", TierKind::Object},
      {"request_rate", TierKind::Object}, {"block_size", TierKind::Dfs},     {"replication", TierKind::Dfs},
      {"placement", TierKind::Dfs}};
  return owned;
}

void read_object_settings(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                          ObjectStoreSettings& o)
{
  if (node["first_byte_latency"])
    o.first_byte_latency =
        reader.non_negative_quantity(node["first_byte_latency"], path + ".first_byte_latency", Dimension::Time);
  if (node["request_size"])
    o.request_size = reader.positive_quantity(node["request_size"], path + ".request_size", Dimension::Bytes);
  if (node["connections"]) {
    o.connections = reader.bounded_integer(node["connections"], path + ".connections", 1, 4096);
  }
  if (node["connection_bandwidth"])
    o.connection_bandwidth = reader.non_negative_quantity(node["connection_bandwidth"], path + ".connection_bandwidth",
                                                          Dimension::Bandwidth);
  if (const YAML::Node rate = node["request_rate"]) {
    std::string rpath = path + ".request_rate";
    if (rate.IsMap()) {
      reader.check_keys(rate, rpath, {"read", "write"}, "a request rate");
      if (rate["read"])
        o.read_request_rate = reader.non_negative_quantity(rate["read"], rpath + ".read", Dimension::Rate);
      if (rate["write"])
        o.write_request_rate = reader.non_negative_quantity(rate["write"], rpath + ".write", Dimension::Rate);
    } else {
      o.read_request_rate  = reader.non_negative_quantity(rate, rpath, Dimension::Rate);
      o.write_request_rate = o.read_request_rate;
    }
  }
}

void read_dfs_settings(const YamlReader& reader, const YAML::Node& node, const std::string& path, DfsSettings& d)
{
  if (node["block_size"])
    d.block_size = reader.positive_quantity(node["block_size"], path + ".block_size", Dimension::Bytes);
  if (node["replication"]) {
    d.replication       = reader.bounded_integer(node["replication"], path + ".replication", 1);
    d.replication_where = reader.where(node["replication"], path + ".replication");
  }
  if (node["placement"])
    d.placement = reader.choice_of(node["placement"], path + ".placement", kPlacements);
}

// disk: the name of an existing disk, or {read, write} bandwidths of disks to create.
void read_disk(const YamlReader& reader, const YAML::Node& disk, const std::string& path, StorageTier& tier)
{
  if (disk.IsScalar()) {
    tier.create_disk = false;
    tier.disk_name   = reader.string_value(disk, path + ".disk");
    tier.where       = reader.where(disk, path + ".disk");
  } else {
    reader.require_map(disk, path + ".disk");
    reader.check_keys(disk, path + ".disk", {"read", "write"}, "a disk");
    tier.create_disk     = true;
    tier.read_bandwidth  = reader.positive_quantity(reader.required(disk, "read", path + ".disk"), path + ".disk.read",
                                                    Dimension::Bandwidth);
    tier.write_bandwidth = reader.positive_quantity(reader.required(disk, "write", path + ".disk"),
                                                    path + ".disk.write", Dimension::Bandwidth);
  }
}

StorageTier read_tier(const YamlReader& reader, const Scenario& scenario, const std::string& name,
                      const YAML::Node& node, const std::vector<std::string>& tier_keys)
{
  std::string path = "storage." + name;
  reader.require_map(node, path);
  reader.check_keys(node, path, tier_keys, "a storage tier");
  StorageTier tier;
  tier.name  = name;
  tier.where = reader.where(node, path);
  tier.role  = role_reference(reader, scenario, reader.required(node, "hosts", path), path + ".hosts");
  std::string kind =
      node["kind"] ? reader.choice(node["kind"], path + ".kind", {"disk", "cache", "memory", "nvme", "object", "dfs"})
                   : "disk";
  tier.kind = kind == "cache" || kind == "memory" || kind == "nvme" ? TierKind::Cache
              : kind == "object"                                    ? TierKind::Object
              : kind == "dfs"                                       ? TierKind::Dfs
                                                                    : TierKind::Disk;
  // kind: memory and kind: nvme are caches whose medium has default bandwidths (see MediumDefaults).
  if (kind == "memory" || kind == "nvme") {
    const MediumDefaults medium = kind == "memory" ? memory_medium() : nvme_medium();
    tier.create_disk            = true;
    tier.read_bandwidth         = medium.read;
    tier.write_bandwidth        = medium.write;
  }
  for (const auto& [key, owner] : owned_keys())
    if (node[key] && owner != tier.kind)
      reader.fail(node[key], path + "." + key,
                  std::string("'") + key + "' applies to 'kind: " + to_string(owner) + "' tiers only");
  if (tier.kind == TierKind::Object && node["disk"])
    reader.fail(node["disk"], path + ".disk",
                "an object tier has no disk: its bandwidth is its hosts' network links (use "
                "'connection_bandwidth' and 'request_rate' for the service's own limits)");
  if (tier.cache()) {
    tier.capacity =
        reader.positive_quantity(reader.required(node, "capacity", path), path + ".capacity", Dimension::Bytes);
    reader.required(node, "backing", path);
  }
  if (tier.kind == TierKind::Object)
    read_object_settings(reader, node, path, tier.object);
  if (tier.kind == TierKind::Dfs)
    read_dfs_settings(reader, node, path, tier.dfs);
  if (const YAML::Node disk = node["disk"])
    read_disk(reader, disk, path, tier);
  return tier;
}

} // namespace

void load_storage(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  if (root["storage"]) {
    std::vector<std::string> tier_keys{"kind", "hosts", "disk"};
    for (const auto& entry : owned_keys())
      tier_keys.push_back(entry.first);
    for (const auto& [name, node] : reader.named_entries(root["storage"], "storage", "'storage'"))
      scenario.tiers.push_back(read_tier(reader, scenario, name, node, tier_keys));
  }
  std::vector<std::string> tier_names;
  for (const auto& tier : scenario.tiers)
    tier_names.push_back(tier.name);
  // A cache's backing tier, once every tier is known.
  for (auto& tier : scenario.tiers) {
    if (!tier.cache())
      continue;
    std::string path   = "storage." + tier.name + ".backing";
    const YAML::Node b = root["storage"][tier.name]["backing"];
    std::string name   = reader.string_value(b, path);
    tier.backing       = scenario.find_tier(name);
    if (tier.backing < 0)
      reader.fail(b, path, "undefined storage tier '" + name + "'" + did_you_mean(name, tier_names));
    if (scenario.tiers[tier.backing].cache())
      reader.fail(b, path, "a cache's backing tier must be a disk, object or dfs tier, not cache tier '" + name + "'");
  }
}

} // namespace dcflow
