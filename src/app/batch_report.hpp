#pragma once
// What `dcflow compare` and `dcflow sweep` report once every run has ended: the console table (one row per
// group; compare: mean ± half-width of the 95% interval, sweep: means only; only the metrics that apply to
// the scenario, the others listed below it with the reason), the failed runs with the last line of their
// logs, and the summary files DIR/compare.{csv,json} or DIR/sweep.{csv,json}, written atomically. The CSV has
// one row per run and the JSON one entry per group; both carry every metric of batch_summary.hpp (their
// columns and keys are an output contract: added to, never renamed or removed).

#include <string>
#include <vector>

namespace dcflow {

struct Batch;

// Writes the summary files, prints the table and the failures; returns the exit status: 0 when every run
// succeeded, 1 when any failed. Throws when a summary file cannot be written.
int report_batch(const Batch& batch);

// The console table's header for each key column: the shortest dotted suffix of its path that no other key
// column ends with ("workload.classes.batch.stages.process.flops" -> "flops"; two "...tier" keys keep one more
// component each). The table lists the full paths below it.
std::vector<std::string> short_key_headers(const std::vector<std::string>& paths);

} // namespace dcflow
