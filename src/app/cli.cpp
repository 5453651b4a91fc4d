// The command line: CLI11 parses everything first; SimGrid only ever sees --cfg=/--log= arguments
// (its Engine would otherwise swallow --help and --version).
#include "app/commands.hpp"

#include "app/analyze.hpp"
#include "app/compare.hpp"

#include "policy/policy.hpp"
#include "util/strings.hpp"

#include "sim/simulation.hpp"
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <sstream>

namespace dcflow {

namespace {

namespace fs = std::filesystem;

// A file argument that must exist; a missing one is named with the file beside it that it may have meant
// ("no such file 'scenarios/frist.yaml'; did you mean 'scenarios/first.yaml'?").
CLI::Validator existing_file()
{
  return CLI::Validator(
      [](std::string& path) -> std::string {
        std::error_code ec;
        if (fs::is_regular_file(path, ec))
          return {};
        if (fs::exists(path, ec))
          return "'" + path + "' is not a file";
        const fs::path folder = fs::path(path).parent_path();
        std::vector<std::string> beside;
        for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end; !ec && it != end;
             it.increment(ec))
          if (it->is_regular_file(ec))
            beside.push_back((folder / it->path().filename()).string());
        return "no such file '" + path + "'" + did_you_mean(path, beside);
      },
      "FILE");
}

// --cfg and --log, handed to SimGrid's engine.
void add_engine_options(CLI::App* command, std::vector<std::string>& cfgs, std::vector<std::string>& logs)
{
  command->add_option("--cfg", cfgs, "SimGrid configuration item, repeatable. Example: --cfg network/crosstraffic:0")
      ->type_name("KEY:VALUE")
      ->allow_extra_args(false);
  command->add_option("--log", logs, "SimGrid logging setting, repeatable. Example: --log root.thresh:warning")
      ->type_name("SETTING")
      ->allow_extra_args(false);
}

void add_scenario_options(CLI::App* command, CommandOptions& options, std::vector<std::string>& cfgs,
                          std::vector<std::string>& logs)
{
  command->add_option("scenario", options.scenario, "Scenario file (YAML). Example: scenarios/doc_example_4_3.yaml")
      ->required()
      ->check(existing_file());
  command
      ->add_option("--set", options.sets,
                   "Override a scenario value by its dotted path, before validation; repeatable.\n"
                   "VALUE is YAML. Example: --set transfer.pipes=8 --set workload.jobs=500")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false); // one value per --set, so a following positional is not swallowed
  command
      ->add_option("--platform", options.platform,
                   "Use this SimGrid platform instead of the scenario's (path from the current folder).\n"
                   "Example: --platform platforms/ai_cluster_fat_tree.xml")
      ->type_name("FILE");
  add_engine_options(command, cfgs, logs);
}

// Everything the command line fills in, whichever subcommand it names.
struct CliValues {
  CommandOptions options;
  std::vector<std::string> cfgs;
  std::vector<std::string> logs;
  std::int64_t seed = 0;
  AnalyzeOptions analyze;
  BatchOptions batch;
  CompareOptions compare;
  SweepOptions sweep;
};

struct Subcommands {
  CLI::App* run      = nullptr;
  CLI::App* validate = nullptr;
  CLI::App* policies = nullptr;
  CLI::App* analyze  = nullptr;
  CLI::App* compare  = nullptr;
  CLI::App* sweep    = nullptr;
};

CLI::App* add_run_command(CLI::App& app, CliValues& v)
{
  CLI::App* run = app.add_subcommand(
      "run", "Simulate a scenario; write results.json, jobs.csv and timeseries.csv and print a summary.\n"
             "Example: dcflow run scenarios/ai_training_pipeline.yaml --out results/x --seed 7");
  add_scenario_options(run, v.options, v.cfgs, v.logs);
  run->add_option("--out", v.options.out,
                  "Output folder (default: results/<scenario name>/). Example: --out results/pipes8")
      ->type_name("DIR");
  run->add_option("--seed", v.seed, "Random seed, >= 0 (default: the scenario's 'seed'). Example: --seed 7")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  run->add_flag("--quiet,-q", v.options.quiet, "Do not print the summary (files are still written). Example: -q");
  return run;
}

// analyze loads a platform without simulating: its own engine, its own options.
CLI::App* add_analyze_command(CLI::App& app, CliValues& v)
{
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Measure a platform without simulating: hosts, links and bandwidths, compute capacity, the max-flow\n"
                 "bound between two host sets with its saturated links, and a bisection estimate.\n"
                 "Example: dcflow analyze platforms/ai_cluster_fat_tree.xml\n"
                 "           --scenario scenarios/ai_training_pipeline.yaml");
  analyze
      ->add_option("platform", v.analyze.platform, "SimGrid platform (XML). Example: platforms/ai_cluster_fat_tree.xml")
      ->required()
      ->check(existing_file());
  analyze
      ->add_option("--scenario", v.analyze.scenario,
                   "Take roles from this scenario (its platform is replaced by PLATFORM): max flow from its storage\n"
                   "role to its compute role, bisection of the compute hosts.\n"
                   "Example: --scenario scenarios/ai_training_pipeline.yaml")
      ->type_name("FILE")
      ->check(existing_file());
  analyze
      ->add_option("--sources", v.analyze.sources,
                   "Host pattern of the max flow's sources (default: the scenario's storage role, else its first\n"
                   "role other than compute; without a scenario, the hosts not in --destinations).\n"
                   "Example: --sources 'node-[64-71]'")
      ->type_name("PATTERN");
  analyze
      ->add_option("--destinations", v.analyze.destinations,
                   "Host pattern of the max flow's destinations (default: the scenario's compute role; without a\n"
                   "scenario, the hosts not in --sources). Example: --destinations 'node-[0-63]'")
      ->type_name("PATTERN");
  add_engine_options(analyze, v.cfgs, v.logs);
  return analyze;
}

// compare and sweep run every simulation as a child `dcflow run` (one SimGrid engine per process).
CLI::App* add_batch_command(CLI::App& app, CliValues& v, const std::string& name, const std::string& description,
                            const std::string& default_out, const std::string& example)
{
  CLI::App* command = app.add_subcommand(name, description);
  add_scenario_options(command, v.options, v.cfgs, v.logs);
  command
      ->add_option("--seeds", v.batch.seeds,
                   "Runs per configuration, seeds SEED .. SEED+K-1 (default 1).\n"
                   "Example: --seeds 5")
      ->type_name("K")
      ->check(CLI::Range(1, 100000));
  command->add_option("--seed", v.seed, "First seed, >= 0 (default: the scenario's 'seed'). Example: --seed 100")
      ->type_name("SEED")
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("-j,--jobs", v.batch.jobs,
                   "Simulations at once, each a child process (default: the number of hardware threads).\n"
                   "Example: -j 4")
      ->type_name("N")
      ->check(CLI::Range(1, 4096));
  command->add_flag("--plan", v.batch.plan,
                    "Print the runs (folder, seed, parameters, command line) as JSON and run nothing;\n"
                    "what other executors (python3 -m dcflow, on a Dask cluster) run.");
  command
      ->add_option("--summarize", v.batch.summarize,
                   "Run nothing: read each run's exit status from FILE ({\"runs\": [{\"folder\", \"exit_status\",\n"
                   "\"signal\"}]}) and its outputs from its folder, then print the table and write the summaries.")
      ->type_name("FILE")
      ->check(existing_file());
  command
      ->add_option("--out", v.options.out,
                   "Output folder, one sub-folder per run (default: " + default_out + ").\nExample: --out " + example)
      ->type_name("DIR");
  return command;
}

CLI::App* add_compare_command(CLI::App& app, CliValues& v)
{
  CLI::App* compare = add_batch_command(
      app, v, "compare",
      "Run a scenario under several scheduling policies and seeds, in parallel child processes; print\n"
      "mean ± 95% interval per policy; write compare.csv and compare.json. Exit 1 if a run failed.\n"
      "Example: dcflow compare scenarios/doc_example_4_3.yaml --policies fifo,sjf --seeds 5 -j 4",
      "results/<scenario name>/compare/", "results/policies");
  compare
      ->add_option("--policies", v.compare.policies,
                   "Comma-separated policies to compare (see 'dcflow policies'). Example: --policies fifo,sjf")
      ->type_name("LIST")
      ->required();
  return compare;
}

CLI::App* add_sweep_command(CLI::App& app, CliValues& v)
{
  CLI::App* sweep = add_batch_command(
      app, v, "sweep",
      "Run a scenario over the cartesian product of parameter values and seeds, in parallel child\n"
      "processes; print the mean per grid point; write sweep.csv and sweep.json. Exit 1 if a run failed.\n"
      "Example: dcflow sweep scenarios/doc_example_4_3.yaml --param transfer.pipes=1,2,4,8 --seeds 3",
      "results/<scenario name>/sweep/", "results/pipes-sweep");
  sweep
      ->add_option("--param", v.sweep.params,
                   "A scenario value to vary and its values (each passed on as --set PATH=V); repeatable, the\n"
                   "grid is the product. Example: --param transfer.pipes=1,2,4,8 --param workload.rate=0.5,1")
      ->type_name("PATH=V1,V2,...")
      ->allow_extra_args(false)
      ->required();
  return sweep;
}

// Every subcommand, in the order --help lists them.
Subcommands add_subcommands(CLI::App& app, CliValues& v)
{
  Subcommands commands;
  commands.run      = add_run_command(app, v);
  commands.validate = app.add_subcommand(
      "validate", "Check a scenario against its platform without simulating; list hosts by role, links, storage\n"
                  "tiers and job classes. Example: dcflow validate scenarios/doc_example_4_3.yaml");
  add_scenario_options(commands.validate, v.options, v.cfgs, v.logs);
  commands.policies = app.add_subcommand("policies", "List the scheduling policies. Example: dcflow policies");
  commands.analyze  = add_analyze_command(app, v);
  commands.compare  = add_compare_command(app, v);
  commands.sweep    = add_sweep_command(app, v);
  return commands;
}

// The SimGrid arguments of a run: --cfg items, then DCFLOW_CFG's, then --log settings.
std::vector<std::string> engine_args(const std::vector<std::string>& cfgs, const std::vector<std::string>& logs)
{
  std::vector<std::string> args;
  for (const auto& c : cfgs)
    args.push_back("--cfg=" + c);
  // DCFLOW_CFG="key:value ..." adds SimGrid settings to every run (the sanitizer build needs
  // contexts/factory:thread, since ASan cannot follow SimGrid's default context switching).
  if (const char* env = std::getenv("DCFLOW_CFG")) {
    std::istringstream split(env);
    std::string item;
    while (split >> item)
      args.push_back("--cfg=" + item);
  }
  for (const auto& l : logs)
    args.push_back("--log=" + l);
  return args;
}

// Runs the subcommand that was parsed.
int run_subcommand(const Subcommands& commands, CliValues& v)
{
  if (*commands.run)
    return run_command(v.options);
  if (*commands.validate)
    return validate_command(v.options);
  if (*commands.policies)
    return policies_command();
  if (*commands.analyze) {
    v.analyze.engine_args = v.options.engine_args;
    return analyze_command(v.analyze);
  }
  if (*commands.compare || *commands.sweep) {
    v.batch.common = v.options;
    v.batch.cfgs   = v.cfgs; // as typed: each child reads DCFLOW_CFG from the environment itself
    v.batch.logs   = v.logs;
    if (*commands.compare) {
      v.compare.batch = v.batch;
      return compare_command(v.compare);
    }
    v.sweep.batch = v.batch;
    return sweep_command(v.sweep);
  }
  return 2;
}

// A first argument that names no subcommand: the closest one, and the list. Returns whether it reported.
bool report_unknown_subcommand(CLI::App& app, int argc, char** argv)
{
  if (argc < 2 || argv[1][0] == '-')
    return false;
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(command->get_name());
  const std::string word = argv[1];
  if (std::find(names.begin(), names.end(), word) != names.end())
    return false;
  std::cerr << "dcflow: error: unknown command '" << word << "'" << did_you_mean(word, names)
            << " (commands: " << join(names, ", ") << ")\n";
  return true;
}

// After CLI11 found arguments it did not expect: the first one that looks like an option the subcommand lacks,
// with the closest option and the list of valid ones. Returns whether it reported.
bool report_unknown_option(CLI::App& app, int argc, char** argv)
{
  CLI::App* command = nullptr;
  for (CLI::App* c : app.get_subcommands())
    command = c;
  if (!command)
    return false;
  for (int i = 2; i < argc; ++i) {
    std::string token = argv[i];
    if (token == "--")
      break;
    if (token.size() < 2 || token[0] != '-' || std::isdigit(static_cast<unsigned char>(token[1])) || token[1] == '.')
      continue; // a value (a negative number) or a positional
    std::string name = token[1] == '-' ? token.substr(0, token.find('=')) : token.substr(0, 2);
    if (command->get_option_no_throw(name) || app.get_option_no_throw(name))
      continue;
    std::vector<std::string> options;
    for (const CLI::Option* option : command->get_options())
      if (option->nonpositional())
        options.push_back(option->get_name());
    std::cerr << "dcflow " << command->get_name() << ": error: unknown option '" << name << "'"
              << did_you_mean(name, options) << " (options: " << join(options, ", ") << ")\n";
    if (command->get_option_no_throw("--set"))
      std::cerr << "note: a scenario value is changed with --set PATH=VALUE, e.g. --set transfer.pipes=4\n";
    return true;
  }
  return false;
}

} // namespace

int cli_main(int argc, char** argv)
{
  CLI::App app{"dcflow: simulate the data flow of an AI datacenter on SimGrid.\n"
               "Describe the datacenter as a SimGrid XML platform and the workload as a YAML scenario;\n"
               "dcflow replays it and reports throughput, efficiency, bottleneck and job statistics beside\n"
               "the document model (T = M*v_transfer + C_storage + C_compute, E = C_compute * S_sched).\n\n"
               "Example: dcflow run scenarios/doc_example_4_3.yaml --set transfer.pipes=4",
               "dcflow"};
  app.set_version_flag("--version", "dcflow 0.1.0 (SimGrid " + simgrid_version() + ")");
  app.require_subcommand(1);

  CliValues v;
  const Subcommands commands = add_subcommands(app, v);
  if (report_unknown_subcommand(app, argc, argv))
    return 2;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& error) {
    if (report_unknown_option(app, argc, argv))
      return 2;
    int status = app.exit(error);
    return status == 0 ? 0 : 2;
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : 2; // CLI11 uses 100+ for usage errors; dcflow's contract is 2
  }
  if (commands.run->count("--seed") > 0 || commands.compare->count("--seed") > 0 || commands.sweep->count("--seed") > 0)
    v.options.seed = static_cast<std::uint64_t>(v.seed);
  v.options.engine_args = engine_args(v.cfgs, v.logs);
  return run_subcommand(commands, v);
}

} // namespace dcflow
