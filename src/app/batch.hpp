#pragma once
// A batch: what `dcflow compare` and `dcflow sweep` run. Groups (a policy, or one point of the sweep grid)
// times seeds make the runs; each run is a child `dcflow run` with its own output folder.

#include "app/batch_summary.hpp"
#include "app/compare.hpp"
#include "scenario/loader.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dcflow {

// The `--set` overrides a command generates for one group, with the argument to blame when one is invalid.
struct GeneratedSet {
  Override override;
  std::string blame; // "--policies fifo,sjf" or "--param transfer.pipes=0,2"
};

// What the runs compare: a policy, or one point of the sweep grid.
struct Group {
  std::vector<std::string> values; // one per key column
  std::vector<GeneratedSet> sets;
  std::filesystem::path folder; // relative to the output folder
};

struct Run {
  std::size_t group  = 0;
  std::uint64_t seed = 0;
  std::filesystem::path folder; // the run's output folder (the batch's folder / group folder / seed-S)
  std::vector<std::string> argv;

  bool ok         = false;
  int exit_status = -1; // exit code; 128 + signal when killed, as shells report it
  std::string failure;  // why it failed, for the report
  RunMetrics metrics;   // read from results.json when the run succeeded
  double wall_s = 0;
};

struct Batch {
  std::string command; // "compare" or "sweep"
  std::string scenario_file;
  std::string scenario_name;
  std::vector<std::string> key_columns; // "policy", or the swept parameter paths
  std::vector<Group> groups;
  std::vector<std::uint64_t> seeds;
  std::filesystem::path out;
  std::vector<Run> runs;
};

// "fifo seed 2", "transfer.pipes=4 workload.rate=0.5 seed 2": how progress lines and failures name a run.
std::string run_label(const Batch& batch, const Run& run);

// Two dotted paths touch the same value when they are equal or one lies inside the other.
bool paths_overlap(const std::string& a, const std::string& b);

// "; about 12 s left" after `done` of `total` runs in `elapsed_s`, assuming the rest take as long on average;
// "" before the first and after the last.
std::string time_left(double elapsed_s, std::size_t done, std::size_t total);

// Shared by both commands, once they have set the batch's command, scenario file, key columns and groups:
// prepares the runs (every check that needs no simulation, the seeds, the folders, the child command
// lines), runs them (-j at a time), reports; with --plan prints the runs instead (JSON: command, scenario,
// scenario_file, out, key_columns, seeds, and runs[] with label, group, group_folder, params, seed, folder,
// argv, log_header), with --summarize FILE reports runs another executor ran. Returns the exit status: 2 for bad input (the message printed,
// nothing run), else report_batch's.
int run_batch(Batch& batch, const BatchOptions& options);

} // namespace dcflow
