#include "app/commands.hpp"
#include "app/progress.hpp"

#include "analytic/model.hpp"
#include "jobs/generator.hpp"
#include "policy/policy.hpp"
#include "report/record_log.hpp"
#include "report/results.hpp"
#include "scenario/loader.hpp"
#include "sim/simulation.hpp"
#include "util/atomic_file.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <memory>
#include <unistd.h>
#include <utility>
#include <vector>

namespace dcflow {
namespace {

namespace fs = std::filesystem;

Scenario load(const CommandOptions& options)
{
  std::vector<Override> overrides;
  for (const auto& s : options.sets)
    overrides.push_back(parse_override(s));
  Scenario scenario = load_scenario(options.scenario, overrides);
  if (options.seed)
    scenario.seed = *options.seed;
  if (!options.platform.empty()) {
    scenario.platform_file  = options.platform;
    scenario.platform_where = Location{"--platform " + options.platform};
  }
  return scenario;
}

// The output folder of a run. Created once the input is known to be good; until keep(), the folders it
// created are removed again when it goes out of scope (only while empty), so that an input error found
// later (a trace job too large for the pool) leaves nothing behind either.
class OutputFolder {
public:
  explicit OutputFolder(fs::path path) : path_(std::move(path)) {}
  OutputFolder(const OutputFolder&)            = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;
  ~OutputFolder()
  {
    std::error_code ec;
    if (!kept_)
      for (auto it = created_.rbegin(); it != created_.rend(); ++it)
        fs::remove(*it, ec); // fails, harmlessly, on a folder that is not empty
  }

  void create()
  {
    std::error_code ec;
    for (fs::path p = path_; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
      created_.insert(created_.begin(), p);
      if (p == p.parent_path())
        break;
    }
    fs::create_directories(path_, ec);
    if (ec)
      throw InputError(Location{"--out " + path_.string()}, "cannot create the output folder: " + ec.message());
  }
  void keep() { kept_ = true; }
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
  std::vector<fs::path> created_; // outermost first
  bool kept_ = false;
};

// Runs `body`, turning input errors into "PLACE: error: MESSAGE" and exit status 2, and what the machine
// refused (an output file that cannot be written: disk full, no permission) into "dcflow: error: MESSAGE" and
// exit status 1, as compare and sweep do; the output folder is left as it was (OutputFolder, OutputFiles).
template <class F> int guarded(F&& body)
{
  try {
    return body();
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "dcflow: error: " << error.what() << "\n";
    return 1;
  }
}

} // namespace

int run_command(const CommandOptions& options)
{
  return guarded([&] {
    auto wall_start   = std::chrono::steady_clock::now();
    Scenario scenario = load(options);
    std::vector<std::string> notes;
    std::unique_ptr<JobSource> jobs = job_source(scenario, &notes);
    // What a trace reader skipped or assumed, so that no job disappears silently: printed even with --quiet
    // (compare and sweep runs keep it in their run.log).
    for (const auto& note : notes)
      std::cerr << scenario.workload.trace->file << ": note: " << note << "\n";
    if (jobs->peek() == nullptr)
      throw InputError(scenario.workload.where, "the workload produces no job (check 'rate' and 'duration')");
    OutputFolder folder(options.out.empty() ? fs::path("results") / scenario.name : fs::path(options.out));
    const fs::path& out = folder.path();

    Simulation simulation(scenario, options.engine_args);
    AnalyticResult analytic = evaluate_model(simulation.analytic_inputs());
    folder.create();
    // Progress on the terminal for long runs: only when stderr is one, and not with -q.
    std::unique_ptr<ProgressLine> progress;
    if (!options.quiet && isatty(STDERR_FILENO) != 0) {
      progress = std::make_unique<ProgressLine>(std::cerr, 0.5, [] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
      });
      simulation.on_progress([&progress](const RunProgress& p) { progress->update(p); });
    }
    RunRecords records = simulation.run(*jobs);
    if (progress)
      progress->finish();
    // The records could not all go to the temporary file: the results are whole, the memory was not bounded.
    if (std::string why = record_spill_failure(); !why.empty())
      std::cerr << "dcflow: note: " << why << "; the run's later records were kept in memory\n";

    Results results     = compute_results(records, scenario.timeseries_bins);
    results.scenario    = scenario.name;
    results.policy      = scenario.policy;
    results.seed        = scenario.seed;
    results.analytic    = analytic;
    results.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

    std::vector<std::string> class_names;
    for (const auto& c : scenario.workload.classes)
      class_names.push_back(c.name);
    OutputFiles files; // all of them or none
    files.write((out / "jobs.csv").string(), [&](std::ostream& file) { write_jobs_csv(file, records, class_names); });
    files.write((out / "timeseries.csv").string(), timeseries_csv(results));
    if (!records.training.empty())
      files.write((out / "training.csv").string(), training_csv(records));
    files.write((out / "results.json").string(), results_json(results));
    files.commit();
    folder.keep();
    if (!options.quiet) {
      std::cout << console_summary(results);
      std::cout << fmt::format("\n  wrote {}/{{results.json, jobs.csv, timeseries.csv{}}} in {:.2f} s wall time\n",
                               out.string(), records.training.empty() ? "" : ", training.csv", results.wall_time_s);
    }
    return 0;
  });
}

int validate_command(const CommandOptions& options)
{
  return guarded([&] {
    Scenario scenario = load(options);
    Simulation simulation(scenario, options.engine_args);
    std::cout << simulation.describe();
    AnalyticResult a = evaluate_model(simulation.analytic_inputs());
    std::cout << fmt::format("  analytic   T = {:.3f} GB/s (document), E = {:.3f} Tflops, pipeline bound {:.3f} GB/s "
                             "({})\n",
                             a.T, a.E, a.pipeline_bound, a.limiting_stage.empty() ? "n/a" : a.limiting_stage);
    if (std::string note = linkless_route_note(a.v_transfer_basis); !note.empty())
      std::cout << "             " << note << "\n";
    return 0;
  });
}

int policies_command()
{
  for (const auto& info : policy_registry())
    std::cout << fmt::format("{:<24} {}\n", info.name, info.description);
  return 0;
}

} // namespace dcflow
