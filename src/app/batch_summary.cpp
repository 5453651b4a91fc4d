#include "app/batch_summary.hpp"

#include "app/batch.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dcflow {
namespace {

using Json = nlohmann::ordered_json;

double number_at(const Json& root, const std::string& path)
{
  const Json* node = &root;
  std::istringstream split(path);
  std::string key;
  while (std::getline(split, key, '.')) {
    if (!node->is_object() || !node->contains(key))
      return std::numeric_limits<double>::quiet_NaN();
    node = &(*node)[key];
  }
  return node->is_number() ? node->get<double>() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

const std::vector<Metric>& batch_metrics()
{
  static const std::vector<Metric> list = {
      {"throughput_GBps", "throughput.GBps", "throughput GB/s", "throughput.bytes_per_s", "no run moved input bytes"},
      {"simulated_time_s", "simulated_time_s", "simulated time s"},
      {"wait_mean_s", "jobs.wait_s.mean", "mean wait s"},
      {"wait_p95_s", "jobs.wait_s.p95", "p95 wait s"},
      {"turnaround_mean_s", "jobs.turnaround_s.mean", "mean turnaround s"},
      {"efficiency_scheduling", "efficiency.scheduling", "eff. scheduling"},
      {"utilization_compute", "utilization.compute", "util. compute", "throughput.compute.count",
       "no compute stage ran"},
      {"model_transfer_GBps", "analytic.document.M_v_transfer_GBps", "M*v GB/s", "throughput.transfer.count",
       "no transfer stage ran"},
      // Training jobs, over all of a run's training jobs (results.json training.all).
      {"training_samples_per_s", "training.all.samples_per_s", "samples/s", "training.all.iterations",
       "no training job ran"},
      {"training_iteration_s", "training.all.iteration_s", "iteration s", "training.all.iterations",
       "no training job ran"},
      {"accelerator_utilization", "training.all.accelerator_utilization", "AU", "training.all.iterations",
       "no training job ran"},
      {"data_stall_fraction", "training.all.data_stall_fraction", "data stall", "training.all.iterations",
       "no training job ran"},
      {"exposed_comm_fraction", "training.all.time_share.exposed_comm", "exposed comm", "training.all.iterations",
       "no training job ran"},
      {"checkpoint_stall_fraction", "training.all.time_share.checkpoint_stall", "ckpt stall",
       "training.all.iterations", "no training job ran"},
      {"allreduce_busbw_GBps", "training.all.allreduce.busbw_GBps", "busbw GB/s", "training.all.allreduce.mean_s",
       "no all-reduce ran"},
      // Inference serving (results.json inference), when an inference class ran.
      {"ttft_p95_s", "inference.ttft_s.p95", "p95 TTFT s", "inference.requests", "no inference request ran"},
      {"tpot_mean_s", "inference.tpot_s.mean", "mean TPOT s", "inference.requests", "no inference request ran"},
      {"e2e_p95_s", "inference.e2e_s.p95", "p95 e2e s", "inference.requests", "no inference request ran"},
      {"goodput", "inference.goodput", "goodput", "inference.requests", "no inference request ran"},
      {"tokens_per_s", "inference.tokens_per_s", "tokens/s", "inference.requests", "no inference request ran"},
      {"requests_per_s", "inference.requests_per_s", "requests/s", "inference.requests", "no inference request ran"},
      {"rejected", "inference.rejected.count", "rejected", "inference.requests", "no inference request ran"},
      {"gpu_hours", "inference.gpu_hours.powered", "GPU-h", "inference.requests", "no inference request ran"},
      // Energy and cost (results.json energy and cost, README "Energy and cost").
      {"energy_kWh", "energy.total_kWh", "energy kWh", "energy.total_J", "no resource has power figures"},
      {"energy_per_job_J", "energy.per_job_J", "J/job", "energy.total_J", "no resource has power figures"},
      {"cost_total", "cost.total", "cost", "cost.total", "no cost block or nothing priced"},
      // Failures (results.json failures, README "Failures"), when the run fails resources.
      {"failure_goodput", "failures.goodput", "goodput (fail.)", "failures.resources_watched", "no resource fails"},
      {"jobs_failed", "jobs.failed", "jobs failed", "failures.resources_watched", "no resource fails"},
      {"lost_work_host_s", "failures.lost_work_host_s", "lost host-s", "failures.resources_watched",
       "no resource fails"},
      {"storage_bytes_lost", "failures.storage.bytes_lost", "bytes lost", "failures.resources_watched",
       "no resource fails"},
      {"re_replicated_bytes", "failures.storage.re_replicated_bytes", "re-repl. bytes", "failures.resources_watched",
       "no resource fails"},
  };
  return list;
}

bool read_run_metrics(const std::filesystem::path& results_file, RunMetrics& metrics, std::string& failure)
{
  std::ifstream in(results_file);
  if (!in) {
    failure = fmt::format("exit status 0 but no {}", results_file.string());
    return false;
  }
  Json results = Json::parse(in, nullptr, false);
  if (results.is_discarded() || !results.is_object()) {
    failure = fmt::format("{} is not a JSON object", results_file.string());
    return false;
  }
  for (const auto& m : batch_metrics()) {
    metrics.values.push_back(number_at(results, m.path));
    metrics.applies.push_back(!m.applies_if || number_at(results, m.applies_if) > 0); // NaN > 0 is false
  }
  return true;
}

std::vector<GroupSummary> summarise(const Batch& batch)
{
  std::size_t n_metrics = batch_metrics().size();
  std::vector<GroupSummary> summaries(batch.groups.size());
  std::vector<std::vector<std::vector<double>>> samples(batch.groups.size(),
                                                        std::vector<std::vector<double>>(n_metrics));
  for (const auto& run : batch.runs) {
    summaries[run.group].total++;
    if (!run.ok)
      continue;
    summaries[run.group].ok++;
    for (std::size_t m = 0; m < n_metrics; ++m)
      if (std::isfinite(run.metrics.values[m]))
        samples[run.group][m].push_back(run.metrics.values[m]);
  }
  for (std::size_t g = 0; g < batch.groups.size(); ++g)
    for (const auto& values : samples[g])
      summaries[g].intervals.push_back(confidence_interval_95(values));
  return summaries;
}

std::vector<bool> applicable_metrics(const Batch& batch)
{
  std::vector<bool> applies(batch_metrics().size(), false);
  bool any_ok = false;
  for (const auto& run : batch.runs)
    if (run.ok) {
      any_ok = true;
      for (std::size_t m = 0; m < applies.size(); ++m)
        applies[m] = applies[m] || run.metrics.applies[m];
    }
  if (!any_ok)
    applies.assign(applies.size(), true);
  return applies;
}

} // namespace dcflow
