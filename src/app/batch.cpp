#include "app/batch.hpp"

#include "app/batch_report.hpp"
#include "app/process_pool.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

namespace dcflow {
namespace {

namespace fs = std::filesystem;
using Json   = nlohmann::ordered_json;

std::string group_label(const Batch& batch, const Group& group)
{
  if (batch.command == "compare")
    return group.values.front();
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < batch.key_columns.size(); ++i)
    parts.push_back(batch.key_columns[i] + "=" + group.values[i]);
  return join(parts, " ");
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

// The child's command line: `dcflow run` with the run's seed and folder, the user's --set, --platform, --cfg
// and --log, and the group's generated --set.
std::vector<std::string> child_argv(const Batch& batch, const BatchOptions& options, const Run& run)
{
  std::vector<std::string> argv = {"dcflow", "run",    batch.scenario_file,     "--out", run.folder.string(),
                                   "-q",     "--seed", std::to_string(run.seed)};
  for (const auto& s : options.common.sets)
    argv.insert(argv.end(), {"--set", s});
  for (const auto& s : batch.groups[run.group].sets)
    argv.insert(argv.end(), {"--set", s.override.argument});
  if (!options.common.platform.empty())
    argv.insert(argv.end(), {"--platform", options.common.platform});
  for (const auto& c : options.cfgs)
    argv.insert(argv.end(), {"--cfg", c});
  for (const auto& l : options.logs)
    argv.insert(argv.end(), {"--log", l});
  return argv;
}

// Builds the runs of `batch` (whose command, key columns and groups are set): loads and checks the scenario
// for every group, picks seeds and folders. Touches no file.
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
      run.argv   = child_argv(batch, options, run);
      batch.runs.push_back(std::move(run));
    }
}

// Folders now, so that a bad --out is an input error before anything runs. A previous batch's outputs in the
// same folder are removed: a run that fails this time must not be summarised from last time's file.
void create_folders(const Batch& batch)
{
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

// The plan: every run of the batch, in the order the summaries list them.
std::string plan_json(const Batch& batch)
{
  Json root;
  root["command"]       = batch.command;
  root["scenario"]      = batch.scenario_name;
  root["scenario_file"] = batch.scenario_file;
  root["out"]           = batch.out.generic_string();
  root["key_columns"]   = batch.key_columns;
  root["seeds"]         = batch.seeds;
  Json runs             = Json::array();
  for (const auto& run : batch.runs) {
    const Group& group = batch.groups[run.group];
    Json params        = Json::object();
    for (std::size_t k = 0; k < batch.key_columns.size(); ++k)
      params[batch.key_columns[k]] = group.values[k];
    runs.push_back(Json{{"label", run_label(batch, run)},
                        {"group", run.group},
                        {"group_folder", group.folder.generic_string()},
                        {"params", params},
                        {"seed", run.seed},
                        {"folder", run.folder.generic_string()},
                        {"argv", run.argv},
                        {"log_header", log_header(run.argv)}});
  }
  root["runs"] = runs;
  return root.dump(2) + "\n";
}

// --summarize FILE: each run's outcome as another executor recorded it, matched by folder:
// {"runs": [{"folder": F, "exit_status": N, "signal": S or null, "wall_s": T}, ...]}, or {"folder": F,
// "error": "why"} for a run that never reached an exit status. A run the file does not list is reported failed.
void read_outcomes(Batch& batch, const std::string& file)
{
  Location where{"--summarize " + file};
  std::ifstream in(file);
  Json root = Json::parse(in, nullptr, false);
  if (root.is_discarded() || !root.is_object() || !root.contains("runs") || !root["runs"].is_array())
    throw InputError(where, "expected a JSON object {\"runs\": [{\"folder\", \"exit_status\", \"signal\"}, ...]}");
  std::map<std::string, const Json*> by_folder;
  for (const auto& entry : root["runs"]) {
    bool has_status = entry.is_object() && ((entry.contains("exit_status") && entry["exit_status"].is_number_integer()) ||
                                            (entry.contains("error") && entry["error"].is_string()));
    if (!entry.is_object() || !entry.contains("folder") || !entry["folder"].is_string() || !has_status)
      throw InputError(where, fmt::format("each run needs a folder and an integer exit_status (or an error), got {}",
                                          entry.dump()));
    if (!by_folder.emplace(entry["folder"].get<std::string>(), &entry).second)
      throw InputError(where, fmt::format("the folder '{}' is listed twice", entry["folder"].get<std::string>()));
  }
  for (auto& run : batch.runs) {
    auto found = by_folder.find(run.folder.generic_string());
    if (found == by_folder.end()) {
      run.failure = fmt::format("no outcome recorded in {}", file);
      continue;
    }
    const Json& entry = *found->second;
    if (entry.contains("error") && entry["error"].is_string()) { // it never ran to an exit status
      run.failure = entry["error"].get<std::string>();
      continue;
    }
    int signal        = entry.contains("signal") && entry["signal"].is_number_integer() ? entry["signal"].get<int>() : 0;
    ChildOutcome outcome = describe_end(run.folder / "run.log", entry["exit_status"].get<int>(), signal);
    run.exit_status      = outcome.exit_status;
    run.failure          = outcome.failure;
    if (entry.contains("wall_s") && entry["wall_s"].is_number())
      run.wall_s = entry["wall_s"].get<double>();
    if (outcome.succeeded())
      run.ok = read_run_metrics(run.folder / "results.json", run.metrics, run.failure);
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
  auto started     = std::chrono::steady_clock::now();
  run_children(children, parallel, [&](std::size_t index, const ChildOutcome& outcome) {
    Run& run        = batch.runs[index];
    run.exit_status = outcome.exit_status;
    run.failure     = outcome.failure;
    run.wall_s      = outcome.wall_s;
    if (outcome.succeeded())
      run.ok = read_run_metrics(run.folder / "results.json", run.metrics, run.failure);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++done;
    std::cerr << fmt::format("[{}/{}] {}: {}{}\n", done, batch.runs.size(), run_label(batch, run),
                             run.ok ? fmt::format("ok ({:.1f} s)", run.wall_s) : "FAILED, " + run.failure,
                             time_left(elapsed, done, batch.runs.size()));
  });
}

} // namespace

std::string time_left(double elapsed_s, std::size_t done, std::size_t total)
{
  if (done == 0 || done >= total)
    return "";
  double left = elapsed_s / static_cast<double>(done) * static_cast<double>(total - done);
  if (left < 90)
    return fmt::format("; about {:.0f} s left", left);
  if (left < 5400)
    return fmt::format("; about {:.0f} min left", left / 60);
  return fmt::format("; about {:.1f} h left", left / 3600);
}

namespace {

unsigned parallelism(const BatchOptions& options, std::size_t runs)
{
  unsigned n = options.jobs > 0 ? static_cast<unsigned>(options.jobs) : std::thread::hardware_concurrency();
  if (n == 0)
    n = 1;
  return static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(runs, 1)));
}

} // namespace

// Two dotted paths touch the same value when they are equal or one lies inside the other.
bool paths_overlap(const std::string& a, const std::string& b)
{
  return a == b || a.rfind(b + ".", 0) == 0 || b.rfind(a + ".", 0) == 0;
}

std::string run_label(const Batch& batch, const Run& run)
{
  return fmt::format("{} seed {}", group_label(batch, batch.groups[run.group]), run.seed);
}

int run_batch(Batch& batch, const BatchOptions& options)
{
  try {
    prepare(batch, options);
    if (options.plan) {
      std::cout << plan_json(batch);
      return 0;
    }
    if (!options.summarize.empty())
      read_outcomes(batch, options.summarize);
    else
      create_folders(batch);
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  if (!options.summarize.empty()) {
    try {
      return report_batch(batch);
    } catch (const std::exception& error) {
      std::cerr << "dcflow: error: " << error.what() << "\n";
      return 1;
    }
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

} // namespace dcflow
