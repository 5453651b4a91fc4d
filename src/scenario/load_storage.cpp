// The storage section: tiers of kind disk, cache (also memory and nvme), object and dfs on a role's hosts.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

#include <algorithm>

namespace dcflow {
namespace {

// The block placements `placement:` may name (by to_string), in the order messages list them.
const std::vector<Placement> kPlacements{Placement::Writer, Placement::Spread};

void read_object_settings(const YamlReader& reader, const YAML::Node& node, const std::string& path, StorageTier& tier)
{
  ObjectStoreSettings& o = tier.object;
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

void read_dfs_settings(const YamlReader& reader, const YAML::Node& node, const std::string& path, StorageTier& tier)
{
  DfsSettings& d = tier.dfs;
  if (node["block_size"])
    d.block_size = reader.positive_quantity(node["block_size"], path + ".block_size", Dimension::Bytes);
  if (node["replication"]) {
    d.replication       = reader.bounded_integer(node["replication"], path + ".replication", 1);
    d.replication_where = reader.where(node["replication"], path + ".replication");
  }
  if (node["placement"])
    d.placement = reader.choice_of(node["placement"], path + ".placement", kPlacements);
}

void read_cache_settings(const YamlReader& reader, const YAML::Node& node, const std::string& path, StorageTier& tier)
{
  tier.capacity =
      reader.positive_quantity(reader.required(node, "capacity", path), path + ".capacity", Dimension::Bytes);
  reader.required(node, "backing", path); // read once every tier is known (load_storage)
}

struct TierKindSpec {
  TierKind kind;
  // The keys only this kind takes; a tier of another kind naming one is an error.
  std::vector<std::string> keys;
  void (*read)(const YamlReader&, const YAML::Node&, const std::string& path, StorageTier&) = nullptr;
  // Further names `kind:` may give it: a cache on a medium whose bandwidths default (see MediumDefaults).
  std::vector<std::pair<std::string, MediumDefaults>> media = {};
};

// The kinds of tier, in the order messages list them and their keys.
const std::vector<TierKindSpec>& tier_kinds()
{
  static const std::vector<TierKindSpec> table{
      {TierKind::Disk, {}},
      {TierKind::Cache,
       {"capacity", "backing"},
       read_cache_settings,
       {{"memory", memory_medium()}, {"nvme", nvme_medium()}}},
      {TierKind::Object,
       {"first_byte_latency", "request_size", "connections", "connection_bandwidth", "request_rate"},
       read_object_settings},
      {TierKind::Dfs, {"block_size", "replication", "placement"}, read_dfs_settings},
  };
  return table;
}

// A name `kind:` may give (by to_string, or a medium's name): the kind, and the medium of a memory or nvme cache.
struct TierKindName {
  std::string name;
  const TierKindSpec* spec;
  const MediumDefaults* medium;
};

const std::vector<TierKindName>& tier_kind_names()
{
  static const std::vector<TierKindName> names = [] {
    std::vector<TierKindName> all;
    for (const auto& spec : tier_kinds()) {
      all.push_back({to_string(spec.kind), &spec, nullptr});
      for (const auto& [name, medium] : spec.media)
        all.push_back({name, &spec, &medium});
    }
    return all;
  }();
  return names;
}

// Every key a tier may hold, in the order messages list them.
std::vector<std::string> tier_keys()
{
  std::vector<std::string> keys{"kind", "hosts", "disk"};
  for (const auto& spec : tier_kinds())
    keys.insert(keys.end(), spec.keys.begin(), spec.keys.end());
  return keys;
}

// kind: one of tier_kind_names(), disk when not given.
const TierKindName& read_tier_kind(const YamlReader& reader, const YAML::Node& node, const std::string& path)
{
  const auto& names = tier_kind_names();
  std::vector<std::string> choices;
  for (const auto& entry : names)
    choices.push_back(entry.name);
  std::string name =
      node["kind"] ? choices[reader.choice_index(node["kind"], path + ".kind", choices)] : to_string(TierKind::Disk);
  return names[static_cast<std::size_t>(std::find(choices.begin(), choices.end(), name) - choices.begin())];
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
                      const YAML::Node& node)
{
  std::string path = "storage." + name;
  reader.require_map(node, path);
  reader.check_keys(node, path, tier_keys(), "a storage tier");
  StorageTier tier;
  tier.name                = name;
  tier.where               = reader.where(node, path);
  tier.role                = role_reference(reader, scenario, reader.required(node, "hosts", path), path + ".hosts");
  const TierKindName& kind = read_tier_kind(reader, node, path);
  tier.kind                = kind.spec->kind;
  if (kind.medium) {
    tier.create_disk     = true;
    tier.read_bandwidth  = kind.medium->read;
    tier.write_bandwidth = kind.medium->write;
  }
  for (const auto& other : tier_kinds())
    for (const auto& key : other.keys)
      if (node[key] && other.kind != tier.kind)
        reader.fail(node[key], path + "." + key,
                    "'" + key + "' applies to 'kind: " + to_string(other.kind) + "' tiers only");
  if (!tier.has_disks() && node["disk"])
    reader.fail(node["disk"], path + ".disk",
                "an object tier has no disk: its bandwidth is its hosts' network links (use "
                "'connection_bandwidth' and 'request_rate' for the service's own limits)");
  if (kind.spec->read)
    kind.spec->read(reader, node, path, tier);
  if (const YAML::Node disk = node["disk"])
    read_disk(reader, disk, path, tier);
  return tier;
}

} // namespace

void load_storage(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  if (root["storage"])
    for (const auto& [name, node] : reader.named_entries(root["storage"], "storage", "'storage'"))
      scenario.tiers.push_back(read_tier(reader, scenario, name, node));
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

namespace dcflow {

int tier_reference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node, const std::string& path)
{
  std::string name = reader.string_value(node, path);
  int tier         = scenario.find_tier(name);
  if (tier < 0) {
    std::vector<std::string> tier_names;
    for (const auto& t : scenario.tiers)
      tier_names.push_back(t.name);
    std::string hint = did_you_mean(name, tier_names);
    reader.fail(node, path,
                "undefined storage tier '" + name + "'" +
                    (hint.empty() ? (tier_names.empty() ? "; the scenario has no 'storage' section"
                                                        : "; tiers are " + quoted_list(tier_names))
                                  : hint));
  }
  return tier;
}

} // namespace dcflow
