// A job class's stages: each stage's kind (the registry, stage_kinds.hpp) and the keys its kind reads
// (scenario/stages/), its `after` dependencies, and their order.
#include "scenario/load_sections.hpp"
#include "scenario/stages/stage_keys.hpp"
#include "util/strings.hpp"

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

// A stage kind as `kind:` names it (by to_string) and the keys it reads (its parameters' keys()).
struct StageKindSpec {
  StageKind kind;
  const StageKeys& keys;
};

// Every kind of the registry (stage_kinds.hpp), in the order messages list them.
const std::vector<StageKindSpec>& stage_kinds()
{
  static const std::vector<StageKindSpec> table{
#define DCFLOW_STAGE_SPEC(Value, name, Params, make_executor) {StageKind::Value, Params::keys()},
      DCFLOW_STAGE_KINDS(DCFLOW_STAGE_SPEC)
#undef DCFLOW_STAGE_SPEC
  };
  return table;
}

// The keys a stage may hold: kind, after, then the keys each kind reads, kind by kind in registry order.
// A key a table lists must be read by some kind, and a key it names instead must be read by that kind.
const std::vector<std::string>& stage_keys()
{
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> all{"kind", "after"};
    for (const StageKindSpec& spec : stage_kinds())
      for (const StageKey& key : spec.keys.keys)
        if (key.read && std::find(all.begin(), all.end(), key.key) == all.end())
          all.emplace_back(key.key);
    for (const StageKindSpec& spec : stage_kinds())
      for (const StageKey& key : spec.keys.keys) {
        auto reads = [&spec](const std::string& name) {
          return std::any_of(spec.keys.keys.begin(), spec.keys.keys.end(),
                             [&name](const StageKey& k) { return k.read && name == k.key; });
        };
        if (std::find(all.begin(), all.end(), key.key) == all.end() || (*key.instead && !reads(key.instead)))
          throw std::logic_error("stage kind '" + to_string(spec.kind) + "' lists key '" + key.key +
                                 "' that no kind reads, or names instead a key it does not read");
      }
    return all;
  }();
  return keys;
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
  reader.check_keys(node, path, stage_keys(), "a stage");
  Stage stage;
  stage.name       = stage_name;
  stage.where      = reader.where(node, path);
  const auto& spec = reader.kind_choice(reader.required(node, "kind", path), path + ".kind", stage_kinds());
  stage.kind       = spec.kind;
  stage.params     = stage_params_for(spec.kind);
  StageInput in{reader, scenario, node, path, stage};
  auto refuse = [&](const std::string& key, const std::string& instead) {
    reader.fail(node[key], path + "." + key,
                "'" + key + "' does not apply to " + with_article(to_string(stage.kind)) + " stage" +
                    (instead.empty() ? "" : "; use '" + instead + "'"));
  };
  std::vector<std::string> listed{"kind", "after"};
  for (const StageKey& key : spec.keys.keys) {
    listed.emplace_back(key.key);
    if (key.read)
      key.read(in);
    else if (node[key.key])
      refuse(key.key, key.instead);
  }
  for (const std::string& key : stage_keys()) // another kind's key the table does not list
    if (node[key] && std::find(listed.begin(), listed.end(), key) == listed.end())
      refuse(key, "");
  if (spec.keys.check)
    spec.keys.check(in);
  return stage;
}

} // namespace

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
