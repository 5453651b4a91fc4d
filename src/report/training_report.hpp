#pragma once
// Training jobs' figures (README "Training jobs", results.json `training`): per class, summed over its jobs'
// TrainingRecords, and what held the GPUs back.
#include "report/records.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dcflow {

struct TrainingSummary {
  std::string job_class; // the class's name, or "all"
  int jobs            = 0;
  double gpus         = 0; // per job, mean
  double iterations   = 0; // all jobs
  double samples      = 0;
  double tokens       = 0;
  double samples_per_s = 0; // per job, mean over the jobs' time
  double tokens_per_s  = 0;
  double iteration_s   = 0; // mean iteration time
  // Shares of the jobs' time; they add up to 1.
  double data_wait = 0, compute = 0, exposed_comm = 0, checkpoint_stall = 0;
  double restart = 0; // share of time restarting after failures (waiting for the host, reloading the checkpoint)
  // Failures (README "Failures"), summed over the jobs: restarts, iterations run again, work lost (s from the
  // restored state to the failure), waiting for the failed host, reading the checkpoint back.
  double restarts = 0, redone_iterations = 0, lost_s = 0, repair_wait_s = 0, reload_s = 0;
  // MLPerf Storage's accelerator utilisation: compute time / run time (= `compute` above).
  double accelerator_utilization = 0;
  double allreduce_s      = 0; // mean duration of one all-reduce
  double allreduce_busbw  = 0; // bytes/s, nccl-tests' bus bandwidth: S / t x 2(k - 1) / k
  double alltoall_s       = 0;
  double alltoall_busbw   = 0; // S / t x (k - 1) / k with S = bytes sent x k / (k - 1): bytes sent / t
  int hierarchical_as_ring = 0; // jobs whose GPUs were spread unevenly over nodes: their all-reduce ran as a ring
  double checkpoints      = 0;
  double checkpoint_s     = 0; // mean time to write one checkpoint
  std::string bottleneck; // data (input pipeline), communication, checkpoint or compute
};

// Per training class, in class order, and over every training job of the run (`all`; zero jobs when none).
struct TrainingSummaries {
  std::vector<TrainingSummary> classes;
  TrainingSummary all;
  bool empty() const { return classes.empty(); }
};
TrainingSummaries training_summaries(const RunRecords& records);

// results.json's `training` block: {classes: {<class>: ...}, all: ...}.
nlohmann::json training_json(const TrainingSummaries& summaries);
std::string training_console(const TrainingSummaries& summaries);
// training.csv: one row per training job, in id order (README "Outputs").
std::string training_csv(const RunRecords& records);

} // namespace dcflow
