#pragma once
// An inference class's figures (README "Inference serving", results.json `inference`): latency per request
// (TTFT, TPOT, end to end), throughput, goodput against the objectives, rejected requests by cause, the batch
// sizes of the steps, the KV cache in use and the replicas' cold starts. Computed from InferenceRecords alone.
#include "report/records.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace dcflow {


struct InferenceSummary {
  bool ran = false;
  int replicas = 0, tensor_parallel = 1, gpus_unused = 0;
  std::string batching;
  double kv_capacity = 0, weight_bytes = 0;
  std::int64_t requests = 0, served = 0, rejected = 0;
  std::map<std::string, std::int64_t> rejected_by_cause;
  std::vector<double> ttft, tpot, e2e; // per served request (TPOT: those with output > 1)
  double tokens_per_s = 0, requests_per_s = 0;
  double output_tokens = 0;
  double goodput = 0;          // served within both objectives / requests (rejected ones count as missed)
  double goodput_per_s = 0;    // those requests per second
  double ttft_objective = 0, tpot_objective = 0;
  std::vector<double> step_batch;      // decode steps' batch sizes
  double prefill_steps = 0, decode_steps = 0;
  double kv_occupancy_mean = 0, kv_occupancy_peak = 0; // fraction of all replicas' KV cache, time-weighted mean
  double in_system_mean = 0;                           // requests arrived and not ended, time average
  std::int64_t cold_starts = 0;
  double cold_start_mean_s = 0, weight_load_mean_s = 0;
  double gpu_hours = 0;      // replica GPUs powered on (booting included), GPU-hours
  double busy_gpu_hours = 0; // of which stepping
  bool ingest = false;       // requests carry payloads
  double payload_bytes = 0;  // all requests' payloads
  std::vector<double> ingest_time; // per request that arrived: from its arrival to its payload landing
  // Failures (README "Failures"; results.json inference.failures, only when resources fail): requests sent back
  // to the router (a payload sent again counts too) and the retries, requests failed with their causes, output
  // tokens lost with a failed replica, replica outages, the time their hosts were down and the time they did not
  // serve (down, then reloading weights), and availability = 1 - unavailable / (replicas x run time).
  bool failures = false;
  std::int64_t requests_retried = 0, retries = 0, failed = 0, tokens_lost = 0, replica_outages = 0;
  std::map<std::string, std::int64_t> failed_by_cause;
  double replica_downtime_s = 0, replica_unavailable_s = 0, reload_mean_s = 0, availability = 1;
};

InferenceSummary inference_summary(const RunRecords& records);
// Time-weighted fraction of the fleet's KV cache in use, per bin of `width` seconds (nbins bins from 0).
std::vector<double> kv_occupancy_bins(const RunRecords& records, int nbins, double width);

nlohmann::json inference_json(const InferenceSummary& s);
std::string inference_console(const InferenceSummary& s);

} // namespace dcflow
