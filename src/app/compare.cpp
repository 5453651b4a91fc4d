#include "app/compare.hpp"

#include "app/batch.hpp"
#include "app/batch_report.hpp"
#include "app/process_pool.hpp"

#include "policy/policy.hpp"
#include "scenario/loader.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

namespace dcflow {
namespace {

namespace fs = std::filesystem;

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

// Two dotted paths touch the same value when they are equal or one lies inside the other.
bool paths_overlap(const std::string& a, const std::string& b)
{
  return a == b || a.rfind(b + ".", 0) == 0 || b.rfind(a + ".", 0) == 0;
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

// ---------------------------------------------------------------------------------------------------------
// Preparation: everything is checked before the first child starts.
// ---------------------------------------------------------------------------------------------------------

std::vector<Override> user_overrides(const BatchOptions& options)
{
  std::vector<Override> overrides;
  for (const auto& s : options.common.sets)
    overrides.push_back(parse_override(s));
  return overrides;
}

// Loads the scenario with the user's --set and the group's generated ones; an error caused by a generated
// --set is reported against the option that generated it.
void check_group(const Batch& batch, const std::vector<Override>& user, const Group& group)
{
  std::vector<Override> overrides = user;
  for (const auto& g : group.sets)
    overrides.push_back(g.override);
  try {
    load_scenario(batch.scenario_file, overrides);
  } catch (const InputError& error) {
    for (const auto& g : group.sets)
      if (error.where().file == "--set " + g.override.argument)
        throw InputError(Location{g.blame}, error.message());
    throw;
  }
}

// Builds the runs of `batch` (whose command, key columns and groups are set): loads and checks the scenario
// for every group, picks seeds and folders, and creates the folders.
void prepare(Batch& batch, const BatchOptions& options)
{
  std::vector<Override> user = user_overrides(options);
  for (const auto& o : user)
    for (const auto& group : batch.groups)
      for (const auto& g : group.sets)
        if (paths_overlap(o.path, g.override.path))
          throw InputError(Location{"--set " + o.argument},
                           fmt::format("'{}' is already varied by {}; drop this --set", o.path, g.blame));

  Scenario base       = load_scenario(batch.scenario_file, user);
  batch.scenario_name = base.name;
  std::uint64_t first = options.common.seed ? *options.common.seed : base.seed;
  for (int i = 0; i < options.seeds; ++i)
    batch.seeds.push_back(first + static_cast<std::uint64_t>(i));
  for (const auto& group : batch.groups)
    check_group(batch, user, group);

  batch.out =
      options.common.out.empty() ? fs::path("results") / base.name / batch.command : fs::path(options.common.out);
  for (std::size_t g = 0; g < batch.groups.size(); ++g)
    for (std::uint64_t seed : batch.seeds) {
      Run run;
      run.group  = g;
      run.seed   = seed;
      run.folder = batch.out / batch.groups[g].folder / fmt::format("seed-{}", seed);
      run.argv   = {"dcflow", "run",    batch.scenario_file, "--out", run.folder.string(),
                    "-q",     "--seed", std::to_string(seed)};
      for (const auto& s : options.common.sets)
        run.argv.insert(run.argv.end(), {"--set", s});
      for (const auto& s : batch.groups[g].sets)
        run.argv.insert(run.argv.end(), {"--set", s.override.argument});
      if (!options.common.platform.empty())
        run.argv.insert(run.argv.end(), {"--platform", options.common.platform});
      for (const auto& c : options.cfgs)
        run.argv.insert(run.argv.end(), {"--cfg", c});
      for (const auto& l : options.logs)
        run.argv.insert(run.argv.end(), {"--log", l});
      batch.runs.push_back(std::move(run));
    }

  // Folders now, so that a bad --out is an input error before anything runs. A previous batch's outputs in
  // the same folder are removed: a run that fails this time must not be summarised from last time's file.
  for (const auto& run : batch.runs) {
    std::error_code ec;
    fs::create_directories(run.folder, ec);
    if (ec)
      throw InputError(Location{"--out " + batch.out.string()},
                       fmt::format("cannot create the folder '{}': {}", run.folder.string(), ec.message()));
    for (const char* name : {"results.json", "jobs.csv", "timeseries.csv", "run.log"})
      fs::remove(run.folder / name, ec);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running: at most `parallel` children at once (process_pool.hpp), each run's results.json read as it ends.
// ---------------------------------------------------------------------------------------------------------

void run_all(Batch& batch, unsigned parallel)
{
  std::vector<ChildProcess> children;
  for (const auto& run : batch.runs)
    children.push_back(ChildProcess{run.argv, run.folder / "run.log"});
  std::size_t done = 0;
  run_children(children, parallel, [&](std::size_t index, const ChildOutcome& outcome) {
    Run& run        = batch.runs[index];
    run.exit_status = outcome.exit_status;
    run.failure     = outcome.failure;
    run.wall_s      = outcome.wall_s;
    if (outcome.succeeded())
      run.ok = read_run_metrics(run.folder / "results.json", run.metrics, run.failure);
    std::cerr << fmt::format("[{}/{}] {}: {}\n", ++done, batch.runs.size(), run_label(batch, run),
                             run.ok ? fmt::format("ok ({:.1f} s)", run.wall_s) : "FAILED, " + run.failure);
  });
}

unsigned parallelism(const BatchOptions& options, std::size_t runs)
{
  unsigned n = options.jobs > 0 ? static_cast<unsigned>(options.jobs) : std::thread::hardware_concurrency();
  if (n == 0)
    n = 1;
  return static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(runs, 1)));
}

// Shared by both commands: prepare (all checks), run, report. Input errors: message and exit status 2.
int execute(Batch& batch, const BatchOptions& options)
{
  try {
    prepare(batch, options);
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  unsigned parallel = parallelism(options, batch.runs.size());
  std::cerr << fmt::format("{}: {} run(s) of {}, {} at a time, into {}\n", batch.command, batch.runs.size(),
                           batch.scenario_name, parallel, batch.out.string());
  run_all(batch, parallel);
  try {
    return report_batch(batch);
  } catch (const std::exception& error) { // writing the summary files failed (disk full, permissions)
    std::cerr << "dcflow: error: " << error.what() << "\n";
    return 1;
  }
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
  return execute(batch, options.batch);
}

int sweep_command(const SweepOptions& options)
{
  Batch batch;
  batch.command       = "sweep";
  batch.scenario_file = options.batch.common.scenario;
  try {
    // Each --param is a list of values; the grid is their cartesian product, the first --param varying
    // slowest (so the CSV reads like nested loops in the order the options were given).
    std::vector<std::vector<std::string>> values;
    std::vector<std::string> blames;
    for (const auto& argument : options.params) {
      Location where{"--param " + argument};
      if (argument.find('=') == std::string::npos || argument.front() == '=')
        throw InputError(where, "expected PATH=V1,V2,..., for example transfer.pipes=1,2,4");
      Override spec = parse_override(argument, "--param");
      if (spec.path == "seed")
        throw InputError(where, "the seed is varied with --seeds K (and --seed for the first one)");
      for (const auto& earlier : batch.key_columns)
        if (paths_overlap(earlier, spec.path))
          throw InputError(where, fmt::format("'{}' is already swept by an earlier --param", earlier));
      std::vector<std::string> list = split_list(spec.value);
      std::set<std::string> seen;
      for (const auto& v : list) {
        if (v.empty())
          throw InputError(where, "empty value; expected PATH=V1,V2,... (values hold no comma)");
        if (!seen.insert(v).second)
          throw InputError(where, fmt::format("value '{}' is listed twice", v));
      }
      batch.key_columns.push_back(spec.path);
      values.push_back(list);
      blames.push_back(where.file);
    }
    std::vector<std::size_t> index(values.size(), 0);
    std::set<std::string> folders;
    while (true) {
      Group group;
      std::vector<std::string> name;
      for (std::size_t p = 0; p < values.size(); ++p) {
        const std::string& v = values[p][index[p]];
        group.values.push_back(v);
        group.sets.push_back(GeneratedSet{parse_override(batch.key_columns[p] + "=" + v), blames[p]});
        name.push_back(sanitize(batch.key_columns[p] + "-" + v));
      }
      // Folder names come from the values; two values that sanitise alike, or a very long name, get the
      // point's index to stay distinct.
      std::string folder = join(name, "_");
      if (folder.size() > 120)
        folder = folder.substr(0, 120);
      if (!folders.insert(folder).second) {
        folder += fmt::format("-{}", batch.groups.size() + 1);
        folders.insert(folder);
      }
      group.folder = folder;
      batch.groups.push_back(group);
      std::size_t p = values.size();
      while (p > 0 && ++index[p - 1] == values[p - 1].size())
        index[--p] = 0;
      if (p == 0)
        break;
    }
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  return execute(batch, options.batch);
}

} // namespace dcflow
