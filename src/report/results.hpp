#pragma once
// Results: every number dcflow reports, computed from RunRecords (no engine needed), and the
// writers for results.json, jobs.csv, timeseries.csv and the console summary.

#include "analytic/model.hpp"
#include "report/energy_report.hpp"
#include "report/failure_report.hpp"
#include "report/inference_report.hpp"
#include "report/records.hpp"
#include "report/training_report.hpp"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace dcflow {

struct Stats {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
};
// Nearest-rank percentiles over the values (all zero when empty).
Stats summarize(std::vector<double> values);

struct TimeBin {
  double start        = 0;
  double queue_length = 0, running_jobs = 0, active_hosts = 0; // time averages over the bin
  double compute_util = 0, storage_util = 0;
  double network_util      = 0; // the bin's busiest link (it may be another link in each bin)
  double busiest_link_util = 0; // the run's busiest link (Results::busiest_link): its mean is util_network
  double network_util_mean = 0; // mean over the links that carried traffic during the run
  double kv_occupancy      = 0; // inference: fraction of the replicas' KV cache in use (column only when it ran)
  double resources_down    = 0; // failures: hosts and links down, time average (columns only with failures)
  double failures_started  = 0; // failures: outages that began in the bin
};

struct StageTotal {
  std::string kind; // read, transfer, compute, write
  std::string unit; // "bytes" or "flops"
  double total = 0;
  double per_s = 0;
  double count = 0;
};

// Utilisation of the links of one fabric (the links' `fabric` property: nvlink, pcie, compute, storage ...).
struct FabricUtil {
  std::string name;
  int links      = 0; // links of the fabric (each direction of a SPLITDUPLEX link counts as one)
  int links_used = 0; // those that carried traffic
  double mean    = 0; // mean over all its links of payload bytes / (bandwidth x simulated time)
  double busiest = 0; // the highest of those
  std::string busiest_link;
};

struct Results {
  std::string scenario;
  std::string policy;
  std::uint64_t seed      = 0;
  double simulated_time_s = 0;
  std::int64_t submitted = 0, completed = 0, failed = 0, not_started = 0;
  Stats wait, turnaround, slowdown;
  double throughput_Bps = 0;
  std::vector<StageTotal> stages;
  // Per storage tier: what it read and wrote.
  struct TierTotal {
    std::string name;
    std::string kind; // disk, cache, object, dfs
    int disks         = 0;
    double bytes_read = 0, bytes_written = 0;
    double reads = 0, writes = 0;                 // read and write stages served
    double read_requests = 0, write_requests = 0; // object tier: requests; dfs tier: blocks
    double local_bytes_read = 0;                  // dfs tier: bytes read from a replica on the reader
    double read_seconds = 0, write_seconds = 0;   // summed durations of those stages
    // kind "cache": read hits and misses, objects evicted, objects too large to keep
    std::int64_t hits = 0, misses = 0, evictions = 0, bypassed = 0;
    double fill_bytes = 0; // cache tiers: bytes read misses wrote into the cache disks
  };
  std::vector<TierTotal> tiers;
  std::int64_t pool_size       = 0;
  double host_hours            = 0; // powered compute-host hours (booting included)
  int scale_out_events         = 0;
  int scale_in_events          = 0;
  double efficiency_compute    = 0;
  double efficiency_scheduling = 0;
  double util_compute = 0, util_storage = 0;
  double util_network      = 0; // the busiest link over the whole run
  double util_network_mean = 0; // mean over the links that carried traffic
  int links_used           = 0; // links that carried traffic
  std::string busiest_link;
  std::vector<FabricUtil> fabrics; // by name; empty when no link has a fabric
  std::string bottleneck;          // resource class with the highest utilisation
  AnalyticResult analytic;
  double wall_time_s = 0;
  std::vector<TimeBin> timeseries;
  TrainingSummaries training; // per job class that trains, and over all training jobs
  InferenceSummary inference; // an inference class's serving (ran = false: none)
  EnergySummary energy;       // energy (enabled: some resource has power figures) and cost (priced)
  FailureSummary failures;    // outages, retries, lost work (enabled: the run fails resources)
};

// Fills everything but scenario/policy/seed/analytic/wall time.
Results compute_results(const RunRecords& records, int timeseries_bins);

std::string results_json(const Results& results);
std::string jobs_csv(const RunRecords& records, const std::vector<std::string>& class_names);
// The same rows, written to `out` one at a time (a million jobs' file is never held whole in memory).
void write_jobs_csv(std::ostream& out, const RunRecords& records, const std::vector<std::string>& class_names);
std::string timeseries_csv(const Results& results);
std::string console_summary(const Results& results);

} // namespace dcflow
