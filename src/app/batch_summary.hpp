#pragma once
// What `dcflow compare` and `dcflow sweep` summarise: the metrics read from each run's results.json, and per
// group (a policy, or a point of the sweep grid) their mean and Student-t 95% interval over the seeds
// (report/stats.hpp).

#include "report/stats.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace dcflow {

struct Batch;

// One summarised metric (results.json keys are documented in the README).
struct Metric {
  const char* column;  // column in the CSV files, key in the JSON summaries
  const char* path;    // dotted key in results.json
  const char* heading; // table heading
  // Whether the metric means anything for the scenario, for the console table: a dotted key in results.json
  // at which some run must have a positive number (input bytes moved, transfer or compute stages run), and
  // what the table says when none has; nullptr: the metric always applies.
  const char* applies_if = nullptr;
  const char* absent     = nullptr; // "no run moved input bytes"
};

// Every metric, in column order; compare.csv/sweep.csv and the JSON summaries carry all of them.
const std::vector<Metric>& batch_metrics();

// What one successful run reports.
struct RunMetrics {
  std::vector<double> values; // one per metric; NaN when results.json has no number there
  std::vector<bool> applies;  // one per metric: it always applies, or this run's `applies_if` is positive
};

// Reads a run's results.json; false with `failure` set when it is missing or not a JSON object.
bool read_run_metrics(const std::filesystem::path& results_file, RunMetrics& metrics, std::string& failure);

struct GroupSummary {
  std::size_t ok    = 0;
  std::size_t total = 0;
  std::vector<Interval> intervals; // one per metric, over the group's successful runs
};

// One summary per group of the batch, in group order.
std::vector<GroupSummary> summarise(const Batch& batch);

// One flag per metric: whether it applies to the batch's scenario, i.e. always, or in some successful run.
// Without a successful run there is nothing to decide from, and every metric applies.
std::vector<bool> applicable_metrics(const Batch& batch);

} // namespace dcflow
