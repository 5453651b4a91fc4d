// `dcflow compare` and `dcflow sweep`: turn --policies and --param into the groups of a batch (batch.hpp),
// which run_batch prepares, runs and reports.
#include "app/compare.hpp"

#include "app/batch.hpp"

#include "policy/policy.hpp"
#include "scenario/loader.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <cctype>
#include <fmt/format.h>
#include <iostream>
#include <set>
#include <sstream>

namespace dcflow {
namespace {

std::vector<std::string> split_list(const std::string& text)
{
  std::vector<std::string> parts;
  std::string part;
  std::istringstream split(text);
  while (std::getline(split, part, ','))
    parts.push_back(part);
  if (!text.empty() && text.back() == ',')
    parts.push_back(""); // getline drops a trailing empty field; it is an error like any other empty one
  return parts;
}

// A folder name made of the characters every shell and file system accepts as they are.
std::string sanitize(const std::string& text)
{
  std::string name;
  for (char c : text)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+') ? c : '_';
  if (name.empty() || name == "." || name == "..")
    name = "_" + name;
  return name;
}

// Checks one `--param PATH=V1,V2,...` against the grammar and the parameters swept before it.
Override parse_param(const std::string& argument, const std::vector<std::string>& earlier_paths)
{
  Location where{"--param " + argument};
  if (argument.find('=') == std::string::npos || argument.front() == '=')
    throw InputError(where, "expected PATH=V1,V2,..., for example transfer.pipes=1,2,4");
  Override spec = parse_override(argument, "--param");
  if (spec.path == "seed")
    throw InputError(where, "the seed is varied with --seeds K (and --seed for the first one)");
  for (const auto& earlier : earlier_paths)
    if (paths_overlap(earlier, spec.path))
      throw InputError(where, fmt::format("'{}' is already swept by an earlier --param", earlier));
  std::set<std::string> seen;
  for (const auto& v : split_list(spec.value)) {
    if (v.empty())
      throw InputError(where, "empty value; expected PATH=V1,V2,... (values hold no comma)");
    if (!seen.insert(v).second)
      throw InputError(where, fmt::format("value '{}' is listed twice", v));
  }
  return spec;
}

// The sweep's grid: the cartesian product of every parameter's values, the first parameter varying slowest
// (so the CSV reads like nested loops in the order the options were given).
std::vector<Group> grid_groups(const std::vector<std::string>& paths,
                               const std::vector<std::vector<std::string>>& values,
                               const std::vector<std::string>& blames)
{
  std::vector<Group> groups;
  std::vector<std::size_t> index(values.size(), 0);
  std::set<std::string> folders;
  while (true) {
    Group group;
    std::vector<std::string> name;
    for (std::size_t p = 0; p < values.size(); ++p) {
      const std::string& v = values[p][index[p]];
      group.values.push_back(v);
      group.sets.push_back(GeneratedSet{parse_override(paths[p] + "=" + v), blames[p]});
      name.push_back(sanitize(paths[p] + "-" + v));
    }
    // Folder names come from the values; two values that sanitise alike, or a very long name, get the
    // point's index to stay distinct.
    std::string folder = join(name, "_");
    if (folder.size() > 120)
      folder = folder.substr(0, 120);
    if (!folders.insert(folder).second) {
      folder += fmt::format("-{}", groups.size() + 1);
      folders.insert(folder);
    }
    group.folder = folder;
    groups.push_back(group);
    std::size_t p = values.size();
    while (p > 0 && ++index[p - 1] == values[p - 1].size())
      index[--p] = 0;
    if (p == 0)
      break;
  }
  return groups;
}

} // namespace

int compare_command(const CompareOptions& options)
{
  Batch batch;
  batch.command       = "compare";
  batch.scenario_file = options.batch.common.scenario;
  batch.key_columns   = {"policy"};
  Location where{"--policies " + options.policies};
  try {
    std::set<std::string> seen;
    for (const auto& name : split_list(options.policies)) {
      if (name.empty())
        throw InputError(where, "empty policy name; expected a comma-separated list such as fifo,sjf");
      if (!find_policy(name)) {
        std::string hint = did_you_mean(name, policy_names());
        throw InputError(where, fmt::format("unknown policy '{}'{}", name,
                                            hint.empty() ? "; known policies: " + quoted_list(policy_names()) : hint));
      }
      if (!seen.insert(name).second)
        throw InputError(where, fmt::format("policy '{}' is listed twice", name));
      Group group;
      group.values = {name};
      group.sets   = {GeneratedSet{parse_override("scheduling.policy=" + name), where.file}};
      group.folder = sanitize(name);
      batch.groups.push_back(group);
    }
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  return run_batch(batch, options.batch);
}

int sweep_command(const SweepOptions& options)
{
  Batch batch;
  batch.command       = "sweep";
  batch.scenario_file = options.batch.common.scenario;
  try {
    std::vector<std::vector<std::string>> values;
    std::vector<std::string> blames;
    for (const auto& argument : options.params) {
      Override spec = parse_param(argument, batch.key_columns);
      batch.key_columns.push_back(spec.path);
      values.push_back(split_list(spec.value));
      blames.push_back("--param " + argument);
    }
    batch.groups = grid_groups(batch.key_columns, values, blames);
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  return run_batch(batch, options.batch);
}

} // namespace dcflow
