// A job class's stages: each stage's kind and keys, its `after` dependencies, and their order.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

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

// The tier a read or write stage uses, and what it says about the objects it touches.
void read_tier_use(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node, const std::string& path,
                   Stage& stage)
{
  std::vector<std::string> tier_names;
  for (const auto& tier : scenario.tiers)
    tier_names.push_back(tier.name);
  const YAML::Node tier = reader.required(node, "tier", path);
  std::string tier_name = reader.string_value(tier, path + ".tier");
  stage.tier            = scenario.find_tier(tier_name);
  if (stage.tier < 0) {
    std::string hint = did_you_mean(tier_name, tier_names);
    reader.fail(tier, path + ".tier",
                "undefined storage tier '" + tier_name + "'" +
                    (hint.empty() ? (tier_names.empty() ? "; the scenario has no 'storage' section"
                                                        : "; tiers are " + quoted_list(tier_names))
                                  : hint));
  }
  if (node["objects"])
    stage.objects = reader.integer(node["objects"], path + ".objects", 1);
  if (node["access"])
    stage.uniform_access = reader.choice(node["access"], path + ".access", {"sequential", "uniform"}) == "uniform";
  if (scenario.tiers[stage.tier].cache() && stage.objects == 0)
    reader.fail(node, path,
                "stage '" + stage.name + "' uses cache tier '" + scenario.tiers[stage.tier].name +
                    "': say how many distinct objects it touches with 'objects: N'");
  // An object or dfs tier (also behind a cache) cuts the stage into requests or blocks, one simulated
  // activity each: bound how many a job's stage takes on average.
  const StorageTier* io = &scenario.tiers[stage.tier];
  if (io->cache())
    io = &scenario.tiers[io->backing];
  if (io->kind == TierKind::Object || io->kind == TierKind::Dfs) {
    bool object                 = io->kind == TierKind::Object;
    double piece                = object ? io->object.request_size : io->dfs.block_size;
    double pieces               = stage.amount.mean() / piece;
    constexpr double kMaxPieces = 1e6;
    if (pieces > kMaxPieces)
      reader.fail(node["bytes"], path + ".bytes",
                  fmt::format("stage '{}' would cut {:g} bytes into {:g} {} of {:g} bytes (tier '{}'); more "
                              "than {:g} per stage is not supported: raise 'storage.{}.{}'",
                              stage.name, stage.amount.mean(), pieces, object ? "requests" : "blocks", piece, io->name,
                              kMaxPieces, io->name, object ? "request_size" : "block_size"));
  }
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
  reader.check_keys(node, path, {"kind", "after", "bytes", "flops", "tier", "from", "to", "objects", "access"},
                    "a stage");
  Stage stage;
  stage.name  = stage_name;
  stage.where = reader.where(node, path);
  std::string kind =
      reader.choice(reader.required(node, "kind", path), path + ".kind", {"read", "transfer", "compute", "write"});
  stage.kind  = kind == "read"       ? StageKind::Read
                : kind == "transfer" ? StageKind::Transfer
                : kind == "compute"  ? StageKind::Compute
                                     : StageKind::Write;
  auto forbid = [&](const std::string& key, const std::string& instead) {
    if (node[key])
      reader.fail(node[key], path + "." + key,
                  "'" + key + "' does not apply to a " + kind + " stage" +
                      (instead.empty() ? "" : "; use '" + instead + "'"));
  };
  if (stage.kind == StageKind::Compute) {
    forbid("bytes", "flops");
    forbid("tier", "");
    forbid("from", "");
    forbid("to", "");
    stage.amount = read_distribution(reader, reader.required(node, "flops", path), path + ".flops", Dimension::Flops);
  } else {
    forbid("flops", "bytes");
    stage.amount = read_distribution(reader, reader.required(node, "bytes", path), path + ".bytes", Dimension::Bytes);
  }
  if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
    forbid("from", "tier");
    forbid("to", "tier");
    read_tier_use(reader, scenario, node, path, stage);
  } else {
    forbid("objects", "");
    forbid("access", "");
  }
  if (stage.kind == StageKind::Transfer) {
    forbid("tier", "from");
    stage.from = role_reference(reader, scenario, reader.required(node, "from", path), path + ".from");
    stage.to   = node["to"] ? role_reference(reader, scenario, node["to"], path + ".to") : std::string("compute");
  }
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
