#pragma once
// Failures (README "Failures", results.json `failures`): outages per resource class, jobs retried and failed
// with their causes, the work failures lost, time to recover and goodput, derived from RunRecords alone.
#include "report/records.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace dcflow {

struct FailureSummary {
  bool enabled = false; // the scenario or the platform fails resources
  int watched  = 0;     // hosts, links and disks that may fail
  struct ClassOutages {
    std::string name;           // hosts, links, disks
    std::int64_t failures  = 0; // outages that began during the run
    int resources          = 0; // distinct resources that failed
    double downtime_s      = 0; // summed outage time within the run
  };
  std::vector<ClassOutages> classes; // hosts, links (each even when none failed), disks (when a tier's may fail)
  std::int64_t retries      = 0;     // re-queues, summed over jobs
  std::int64_t jobs_retried = 0;     // jobs re-queued at least once
  std::int64_t jobs_failed  = 0;
  std::vector<std::pair<std::int64_t, std::string>> failed_jobs; // id and cause, by id
  std::int64_t training_restarts = 0;
  // Host-seconds (GPU-seconds on GPUs) of work: useful (completed jobs' last runs; a training job's computing
  // of the iterations it kept), lost (interrupted runs; training: from the restored checkpoint to the failure),
  // spent restarting (training: waiting for the failed host, reloading the checkpoint), and spent in all (every
  // run of every job: a training job's whole time, checkpoints and waits included).
  double useful_work = 0, lost_work = 0, restart_work = 0, spent_work = 0;
  double mean_time_to_recover_s = 0; // mean outage length (up - down) of the outages that ended within the run
  double goodput                = 1; // useful / spent (1 when nothing is spent)
  RunRecords::StorageFailures storage; // replicated and cache tiers (results.json failures.storage)
};

FailureSummary failure_summary(const RunRecords& records);

// Per time bin of `width` s: resources down (time average) and outages that began in it.
std::vector<std::pair<double, double>> failure_bins(const RunRecords& records, int nbins, double width);

// results.json's `failures` block (only when enabled) and the console line (empty unless enabled).
nlohmann::json failure_json(const FailureSummary& f);
std::string failure_console(const FailureSummary& f);

} // namespace dcflow
