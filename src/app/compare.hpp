#pragma once
// `dcflow compare` and `dcflow sweep`: many runs of one scenario, summarised across seeds.
//
// SimGrid runs one simulation per process, so every run is a child process of dcflow itself
// (`/proc/self/exe run SCENARIO --out DIR/<group>/seed-<s> -q --seed <s> --set ...`), started with
// posix_spawn, at most `jobs` at a time, its stdout and stderr captured in DIR/<group>/seed-<s>/run.log.
// A group is what the runs compare: a policy (compare) or one point of the parameter grid (sweep); each
// group runs once per seed, seeds seed .. seed+K-1 (seed: --seed, else the scenario's).
//
// Everything that can be checked without simulating is checked before the first child starts: the scenario
// loads and validates with every group's overrides applied, policy names exist, parameter lists are well
// formed. Errors are InputErrors naming the argument at fault ("--param transfer.pipes=0,2: error: ...")
// and give exit status 2. Errors only the platform can reveal (a host pattern that selects nothing, a
// --cfg SimGrid rejects) surface in the children: such a run is reported failed with its exit status and
// the last line of its log.
//
// Then the commands read each run's results.json, print a table (one row per group, a column per metric that
// applies to the scenario; printed even when runs failed), and write DIR/compare.{csv,json} or
// DIR/sweep.{csv,json} atomically. Exit status: 0 when every run succeeded, 1 when any failed (the others are
// still summarised), 2 for bad input (nothing ran).
//
// Executors other than the local one (the Python package's Dask executor, python/dcflow/) use the same grid:
// `--plan` prints every run (its folder, seed, parameters and `dcflow run` command line) as JSON, and
// `--summarize FILE` rebuilds the table and the summary files from the run folders once they have run.
//
// Where the pieces live: compare.cpp turns --policies / --param into groups; batch.* builds, checks and runs
// the batch; process_pool.* runs the children; batch_summary.* reads the metrics and computes the per-group
// statistics; batch_report.* prints the table and writes the CSV and JSON summaries.

#include "app/commands.hpp"

#include <string>
#include <vector>

namespace dcflow {

struct BatchOptions {
  CommandOptions common;         // scenario, --set, --platform, --out, --seed (the first seed); engine_args unused
  std::vector<std::string> cfgs; // --cfg KEY:VALUE as typed, handed to every run
  std::vector<std::string> logs; // --log SETTING as typed, handed to every run
  int seeds = 1;                 // --seeds K
  int jobs  = 0;                 // -j N: children at once; 0 = std::thread::hardware_concurrency()
  // --plan: print the runs as JSON (batch.hpp, plan_json) and run nothing.
  bool plan = false;
  // --summarize FILE: run nothing; take each run's exit status from FILE (a JSON object, see batch.hpp) and
  // its outputs from its folder, then report as if the runs had just ended (how other executors finish).
  std::string summarize;
};

struct CompareOptions {
  BatchOptions batch;
  std::string policies; // --policies fifo,sjf (comma-separated, as typed)
};

struct SweepOptions {
  BatchOptions batch;
  std::vector<std::string> params; // --param PATH=V1,V2,... (as typed, in order)
};

int compare_command(const CompareOptions& options);
int sweep_command(const SweepOptions& options);

} // namespace dcflow
