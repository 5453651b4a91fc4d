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
};

// Every metric, in column order; compare.csv/sweep.csv and the JSON summaries carry all of them.
const std::vector<Metric>& batch_metrics();

// What one successful run reports.
struct RunMetrics {
  std::vector<double> values; // one per metric; NaN when results.json has no number there
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

} // namespace dcflow
