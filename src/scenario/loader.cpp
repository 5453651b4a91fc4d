// The scenario file, section by section in file order: the top-level keys here, each larger section in its
// own load_*.cpp (see load_sections.hpp), all through YamlReader (yaml_reader.hpp).
#include "scenario/loader.hpp"

#include "scenario/load_sections.hpp"
#include "scenario/yaml_reader.hpp"

#include <filesystem>
#include <regex>

namespace dcflow {
namespace {

// name, seed and platform.
void load_header(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  scenario.name = reader.string_value(reader.required(root, "name", ""), "name");
  if (!std::regex_match(scenario.name, std::regex("[A-Za-z0-9_.-]+")))
    reader.fail(root["name"], "name", "'name' is used as a folder name: only letters, digits, '_', '-' and '.'");
  if (root["seed"])
    scenario.seed = static_cast<std::uint64_t>(reader.integer(root["seed"], "seed", 0));
  const YAML::Node platform = reader.required(root, "platform", "");
  std::string platform_text = reader.string_value(platform, "platform");
  scenario.platform_file    = reader.resolve(platform_text);
  scenario.platform_where   = reader.where(platform, "platform");
}

// analytic and output: one setting each.
void load_analytic_and_output(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  if (const YAML::Node analytic = root["analytic"]) {
    reader.require_map(analytic, "analytic");
    reader.check_keys(analytic, "analytic", {"s_sched"}, "'analytic'");
    if (analytic["s_sched"]) {
      scenario.s_sched = reader.number(analytic["s_sched"], "analytic.s_sched");
      if (scenario.s_sched <= 0 || scenario.s_sched > 1)
        reader.fail(analytic["s_sched"], "analytic.s_sched",
                    "'analytic.s_sched' is an efficiency: it must be in (0, 1]");
    }
  }
  if (const YAML::Node output = root["output"]) {
    reader.require_map(output, "output");
    reader.check_keys(output, "output", {"timeseries_bins"}, "'output'");
    if (output["timeseries_bins"])
      scenario.timeseries_bins =
          reader.bounded_integer(output["timeseries_bins"], "output.timeseries_bins", 1, 1000000);
  }
}

Scenario build(const YamlReader& reader, const YAML::Node& root, const std::string& file)
{
  Scenario scenario;
  scenario.file = file;
  if (!root.IsDefined() || root.IsNull())
    throw InputError(Location{file}, "the scenario is empty");
  reader.require_map(root, "");
  reader.check_keys(
      root, "",
      {"name", "seed", "platform", "hosts", "storage", "transfer", "workload", "scheduling", "analytic", "output",
       "cost", "failures"},
      "the scenario");
  load_header(reader, root, scenario);
  load_hosts(reader, root, scenario);
  load_storage(reader, root, scenario);
  scenario.transfer = protocol_defaults(Protocol::Tcp);
  if (const YAML::Node transfer = root["transfer"])
    scenario.transfer = read_transfer(reader, transfer, "transfer", scenario.transfer);
  load_workload(reader, root, scenario);
  load_scheduling(reader, root, scenario);
  // An inference class routes requests to replicas: without a policy of its own it takes least_connection
  // (fifo, the cluster default, keeps a central queue).
  if (scenario.policy_where.file.empty() && !scenario.workload.classes.empty() &&
      scenario.workload.classes.front().inference)
    scenario.policy = "least_connection";
  load_analytic_and_output(reader, root, scenario);
  load_cost(reader, root, scenario);
  load_failures(reader, root, scenario);
  return scenario;
}

} // namespace

Override parse_override(const std::string& argument, const std::string& option)
{
  std::size_t equal = argument.find('=');
  if (equal == std::string::npos || equal == 0)
    throw InputError(Location{option + " " + argument}, "expected PATH=VALUE, for example transfer.pipes=8");
  return Override{argument.substr(0, equal), argument.substr(equal + 1), argument};
}

Scenario load_scenario_text(const std::string& text, const std::string& file, const std::vector<Override>& overrides,
                            const std::string& base_dir)
{
  YAML::Node root = parse_document(text, file, overrides);
  YamlReader reader(file, overrides, base_dir);
  try {
    return build(reader, root, file);
  } catch (const YAML::Exception& error) {
    throw InputError(Location{file, error.mark.line + 1, error.mark.column + 1}, error.msg);
  }
}

Scenario load_scenario(const std::string& file, const std::vector<Override>& overrides)
{
  std::string text = read_text_file(file);
  std::string base = std::filesystem::path(file).parent_path().string();
  return load_scenario_text(text, file, overrides, base.empty() ? "." : base);
}

} // namespace dcflow
