// A job class's stages: each stage's kind and keys, its `after` dependencies, and their order.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace dcflow {
namespace {

// Topological order of a class's stages; a cycle is an error at the stage that closes it.
std::vector<int> topological_order(const YamlReader& reader, const std::vector<Stage>& stages,
                                   const std::vector<YAML::Node>& nodes, const std::vector<std::string>& paths,
                                   const std::string& class_name)
{
  std::vector<int> state(stages.size(), 0); // 0 new, 1 on stack, 2 done
  std::vector<int> order;
  std::vector<int> stack;
  std::function<void(int)> visit = [&](int s) {
    state[s] = 1;
    stack.push_back(s);
    for (int d : stages[s].after) {
      if (state[d] == 1) {
        std::vector<std::string> cycle;
        auto it = std::find(stack.begin(), stack.end(), d);
        for (; it != stack.end(); ++it)
          cycle.push_back(stages[*it].name);
        cycle.push_back(stages[d].name);
        reader.fail(nodes[s], paths[s],
                    "stage graph of class '" + class_name + "' has a cycle: " + join(cycle, " -> "));
      }
      if (state[d] == 0)
        visit(d);
    }
    stack.pop_back();
    state[s] = 2;
    order.push_back(s);
  };
  for (std::size_t s = 0; s < stages.size(); ++s)
    if (state[s] == 0)
      visit(static_cast<int>(s));
  return order; // dependencies before dependants
}

// What a stage kind's key readers read from and into.
struct StageInput {
  const YamlReader& reader;
  const Scenario& scenario;
  const YAML::Node& node;
  const std::string& path;
  Stage& stage;
};

// How a stage kind treats one key: `read` reads it (failing when a required key is missing, else taking the
// default); without `read` the key does not apply to the kind, and `instead` names the key meant, if any.
struct StageKey {
  const char* key;
  void (*read)(const StageInput&) = nullptr;
  const char* instead             = "";
};

struct StageKindSpec {
  StageKind kind;
  // Every key of kStageKeys but kind and after, in the order they are checked: of two errors in one stage,
  // the first in this order is reported.
  std::vector<StageKey> keys;
  void (*check)(const StageInput&) = nullptr; // once every key is read
};

// The keys a stage may hold, in the order messages list them; which apply depends on the kind.
const std::vector<std::string> kStageKeys{"kind", "after", "bytes", "flops", "tier", "from", "to", "objects", "access"};

void read_bytes(const StageInput& in)
{
  in.stage.amount =
      read_distribution(in.reader, in.reader.required(in.node, "bytes", in.path), in.path + ".bytes", Dimension::Bytes);
}

void read_flops(const StageInput& in)
{
  in.stage.amount =
      read_distribution(in.reader, in.reader.required(in.node, "flops", in.path), in.path + ".flops", Dimension::Flops);
}

void read_tier(const StageInput& in)
{
  std::vector<std::string> tier_names;
  for (const auto& tier : in.scenario.tiers)
    tier_names.push_back(tier.name);
  const YAML::Node tier   = in.reader.required(in.node, "tier", in.path);
  std::string tier_name   = in.reader.string_value(tier, in.path + ".tier");
  in.stage.storage().tier = in.scenario.find_tier(tier_name);
  if (in.stage.storage().tier < 0) {
    std::string hint = did_you_mean(tier_name, tier_names);
    in.reader.fail(tier, in.path + ".tier",
                   "undefined storage tier '" + tier_name + "'" +
                       (hint.empty() ? (tier_names.empty() ? "; the scenario has no 'storage' section"
                                                           : "; tiers are " + quoted_list(tier_names))
                                     : hint));
  }
}

void read_objects(const StageInput& in)
{
  if (in.node["objects"])
    in.stage.storage().objects = in.reader.integer(in.node["objects"], in.path + ".objects", 1);
}

void read_access(const StageInput& in)
{
  if (in.node["access"])
    in.stage.storage().uniform_access =
        in.reader.choice(in.node["access"], in.path + ".access", {"sequential", "uniform"}) == "uniform";
}

// A read or write stage against its tier: a cache needs to know the objects, and an object or dfs tier (also
// behind a cache) cuts the stage into requests or blocks, one simulated activity each: bound how many a
// job's stage takes on average.
void check_tier_use(const StageInput& in)
{
  const Stage& stage = in.stage;
  if (in.scenario.tiers[stage.storage().tier].cache() && stage.storage().objects == 0)
    in.reader.fail(in.node, in.path,
                   "stage '" + stage.name + "' uses cache tier '" + in.scenario.tiers[stage.storage().tier].name +
                       "': say how many distinct objects it touches with 'objects: N'");
  const StorageTier* io = &in.scenario.tiers[stage.storage().tier];
  if (io->cache())
    io = &in.scenario.tiers[io->backing];
  if (io->kind == TierKind::Object || io->kind == TierKind::Dfs) {
    bool object                 = io->kind == TierKind::Object;
    double piece                = object ? io->object.request_size : io->dfs.block_size;
    double pieces               = stage.amount.mean() / piece;
    constexpr double kMaxPieces = 1e6;
    if (pieces > kMaxPieces)
      in.reader.fail(in.node["bytes"], in.path + ".bytes",
                     fmt::format("stage '{}' would cut {:g} bytes into {:g} {} of {:g} bytes (tier '{}'); more "
                                 "than {:g} per stage is not supported: raise 'storage.{}.{}'",
                                 stage.name, stage.amount.mean(), pieces, object ? "requests" : "blocks", piece,
                                 io->name, kMaxPieces, io->name, object ? "request_size" : "block_size"));
  }
}

void read_from(const StageInput& in)
{
  in.stage.transfer().from =
      role_reference(in.reader, in.scenario, in.reader.required(in.node, "from", in.path), in.path + ".from");
}

void read_to(const StageInput& in)
{
  in.stage.transfer().to =
      in.node["to"] ? role_reference(in.reader, in.scenario, in.node["to"], in.path + ".to") : std::string("compute");
}

// Every key of every kind is either read or refused: a key added to kStageKeys but not to a kind is a bug.
const std::vector<StageKindSpec>& checked(const std::vector<StageKindSpec>& table)
{
  for (const auto& spec : table) {
    std::vector<std::string> keys{"kind", "after"};
    for (const auto& key : spec.keys)
      keys.push_back(key.key);
    if (!std::is_permutation(keys.begin(), keys.end(), kStageKeys.begin(), kStageKeys.end()))
      throw std::logic_error("stage kind '" + to_string(spec.kind) + "' does not list every stage key");
  }
  return table;
}

// The kinds `kind:` may name (by to_string), in the order messages list them.
const std::vector<StageKindSpec>& stage_kinds()
{
  static const std::vector<StageKey> io_keys{
      {"flops", nullptr, "bytes"}, {"bytes", read_bytes},     {"from", nullptr, "tier"}, {"to", nullptr, "tier"},
      {"tier", read_tier},         {"objects", read_objects}, {"access", read_access}};
  static const std::vector<StageKindSpec> table = checked({
      {StageKind::Read, io_keys, check_tier_use},
      {StageKind::Transfer,
       {{"flops", nullptr, "bytes"},
        {"bytes", read_bytes},
        {"objects"},
        {"access"},
        {"tier", nullptr, "from"},
        {"from", read_from},
        {"to", read_to}}},
      {StageKind::Compute,
       {{"bytes", nullptr, "flops"}, {"tier"}, {"from"}, {"to"}, {"flops", read_flops}, {"objects"}, {"access"}}},
      {StageKind::Write, io_keys, check_tier_use},
  });
  return table;
}

// after: a stage name or a list of them, as indices into `stage_names`.
void read_after(const YamlReader& reader, const YAML::Node& after, const std::string& path,
                const std::vector<std::string>& stage_names, const std::string& class_name, Stage& stage)
{
  std::vector<YAML::Node> items;
  if (after.IsScalar())
    items.push_back(after);
  else if (after.IsSequence())
    for (const auto& item : after)
      items.push_back(item);
  else
    reader.fail(after, path + ".after", "'" + path + ".after' must be a stage name or a list of them");
  for (const auto& item : items) {
    std::string dep = reader.string_value(item, path + ".after");
    auto it         = std::find(stage_names.begin(), stage_names.end(), dep);
    if (it == stage_names.end())
      reader.fail(item, path + ".after",
                  "undefined stage '" + dep + "' in class '" + class_name + "'" + did_you_mean(dep, stage_names));
    int index = static_cast<int>(it - stage_names.begin());
    if (std::find(stage.after.begin(), stage.after.end(), index) == stage.after.end())
      stage.after.push_back(index);
  }
}

Stage read_stage(const YamlReader& reader, const Scenario& scenario, const std::string& stage_name,
                 const YAML::Node& node, const std::string& path)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, kStageKeys, "a stage");
  Stage stage;
  stage.name       = stage_name;
  stage.where      = reader.where(node, path);
  const auto& spec = reader.kind_choice(reader.required(node, "kind", path), path + ".kind", stage_kinds());
  stage.kind       = spec.kind;
  stage.params     = stage_params_for(spec.kind);
  StageInput in{reader, scenario, node, path, stage};
  for (const StageKey& key : spec.keys) {
    if (key.read)
      key.read(in);
    else if (node[key.key])
      reader.fail(node[key.key], path + "." + key.key,
                  std::string("'") + key.key + "' does not apply to a " + to_string(stage.kind) + " stage" +
                      (*key.instead ? std::string("; use '") + key.instead + "'" : ""));
  }
  if (spec.check)
    spec.check(in);
  return stage;
}

} // namespace

std::vector<Stage> read_stages(const YamlReader& reader, const Scenario& scenario, const YAML::Node& class_node,
                               const std::string& class_path, const std::string& class_name)
{
  const YAML::Node stages_node = reader.required(class_node, "stages", class_path);
  auto stage_entries = reader.named_entries(stages_node, class_path + ".stages", "'" + class_path + ".stages'");
  if (stage_entries.empty())
    reader.fail(stages_node, class_path + ".stages", "job class '" + class_name + "' has no stages");
  std::vector<std::string> stage_names;
  for (const auto& entry : stage_entries)
    stage_names.push_back(entry.first);
  std::vector<Stage> stages;
  std::vector<YAML::Node> stage_nodes;
  std::vector<std::string> stage_paths;
  for (const auto& [stage_name, node] : stage_entries) {
    std::string path = class_path + ".stages." + stage_name;
    Stage stage      = read_stage(reader, scenario, stage_name, node, path);
    if (const YAML::Node after = node["after"])
      read_after(reader, after, path, stage_names, class_name, stage);
    stages.push_back(stage);
    stage_nodes.push_back(node);
    stage_paths.push_back(path);
  }
  // Reorder so that dependencies come first, remapping the `after` indices.
  std::vector<int> order = topological_order(reader, stages, stage_nodes, stage_paths, class_name);
  std::vector<int> position(stages.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    position[order[i]] = static_cast<int>(i);
  std::vector<Stage> ordered;
  for (int s : order) {
    Stage stage = stages[s];
    for (int& dep : stage.after)
      dep = position[dep];
    std::sort(stage.after.begin(), stage.after.end());
    ordered.push_back(stage);
  }
  return ordered;
}

} // namespace dcflow
