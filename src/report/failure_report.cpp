#include "report/failure_report.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace dcflow {

FailureSummary failure_summary(const RunRecords& records)
{
  FailureSummary f;
  f.enabled = records.failures_enabled;
  f.watched = records.failure_resources;
  if (!f.enabled)
    return f;
  const double T = records.simulated_time;
  std::map<FailureTarget, std::set<std::string>> failed;
  f.classes  = {{"hosts"}, {"links"}};
  if (records.disk_failures) // only then, so that runs without `tier:` groups keep their keys
    f.classes.push_back({"disks"});
  f.storage  = records.storage_failures;
  double recovered = 0;
  std::int64_t ended = 0;
  for (const auto& o : records.failures) {
    auto& c = f.classes[o.kind == FailureTarget::Links ? 1 : o.kind == FailureTarget::Disks ? 2 : 0];
    ++c.failures;
    c.downtime_s += std::min(o.up, T) - o.down;
    failed[o.kind].insert(o.resource);
    if (o.up < T) {
      recovered += o.up - o.down;
      ++ended;
    }
  }
  f.classes[0].resources = static_cast<int>(failed[FailureTarget::Hosts].size());
  f.classes[1].resources = static_cast<int>(failed[FailureTarget::Links].size());
  if (f.classes.size() > 2)
    f.classes[2].resources = static_cast<int>(failed[FailureTarget::Disks].size());
  f.mean_time_to_recover_s = ended > 0 ? recovered / static_cast<double>(ended) : 0;
  std::map<std::int64_t, const TrainingRecord*> training;
  for (const auto& t : records.training)
    training[t.job] = &t;
  for (const auto& job : records.jobs) {
    f.retries += job.retries;
    f.jobs_retried += job.retries > 0 ? 1 : 0;
    f.lost_work += job.lost_work;
    if (job.status == JobStatus::Failed) {
      ++f.jobs_failed;
      f.failed_jobs.emplace_back(job.id, job.cause);
    }
    if (job.status != JobStatus::Completed) {
      f.spent_work += job.lost_work;
      continue;
    }
    double held = (job.end - job.start) * static_cast<double>(job.hosts.size());
    auto t      = training.find(job.id);
    if (t == training.end()) {
      f.useful_work += held;
      f.spent_work += held + job.lost_work;
      continue;
    }
    // A training job: its useful work is the computing of the iterations it kept; the rest of its time
    // (checkpoints, data and communication waits, iterations run again, restarts) is not.
    const TrainingRecord& tr = *t->second;
    f.training_restarts += tr.restarts;
    double gpus = static_cast<double>(tr.gpus);
    f.lost_work += tr.lost_time * gpus;
    f.restart_work += tr.restart_time * gpus;
    auto run         = static_cast<double>(tr.iterations + tr.redone_iterations);
    f.useful_work += run > 0 ? tr.compute * static_cast<double>(tr.iterations) / run * gpus : 0.0;
    f.spent_work += held;
  }
  f.goodput = f.spent_work > 0 ? f.useful_work / f.spent_work : 1;
  return f;
}

std::vector<std::pair<double, double>> failure_bins(const RunRecords& records, int nbins, double width)
{
  std::vector<std::pair<double, double>> bins(static_cast<std::size_t>(nbins), {0.0, 0.0});
  if (width <= 0)
    return bins;
  for (const auto& o : records.failures) {
    auto first = static_cast<int>(o.down / width);
    bins[static_cast<std::size_t>(std::clamp(first, 0, nbins - 1))].second += 1;
    for (int b = std::max(first, 0); b < nbins; ++b) {
      double lo = b * width, hi = lo + width;
      if (lo >= o.up)
        break;
      bins[static_cast<std::size_t>(b)].first += (std::min(hi, o.up) - std::max(lo, o.down)) / width;
    }
  }
  return bins;
}

nlohmann::json failure_json(const FailureSummary& f)
{
  using Json     = nlohmann::json;
  Json resources = Json::object();
  for (const auto& c : f.classes)
    resources[c.name] = Json{{"failures", c.failures}, {"resources_failed", c.resources}, {"downtime_s", c.downtime_s}};
  Json failed = Json::array();
  for (const auto& [id, cause] : f.failed_jobs)
    failed.push_back(Json{{"id", id}, {"cause", cause}});
  return Json{{"resources_watched", f.watched},
              {"resources", resources},
              {"retries", f.retries},
              {"jobs_retried", f.jobs_retried},
              {"jobs_failed", f.jobs_failed},
              {"failed_jobs", failed},
              {"training_restarts", f.training_restarts},
              {"useful_work_host_s", f.useful_work},
              {"lost_work_host_s", f.lost_work},
              {"restart_work_host_s", f.restart_work},
              {"spent_work_host_s", f.spent_work},
              {"mean_time_to_recover_s", f.mean_time_to_recover_s},
              {"goodput", f.goodput},
              {"storage", Json{{"blocks_written", f.storage.blocks_written},
                               {"bytes_written", f.storage.bytes_written},
                               {"blocks_lost", f.storage.blocks_lost},
                               {"bytes_lost", f.storage.bytes_lost},
                               {"blocks_re_replicated", f.storage.blocks_re_replicated},
                               {"re_replicated_bytes", f.storage.re_replicated_bytes},
                               {"reads_failed_over", f.storage.reads_failed_over},
                               {"cache_objects_lost", f.storage.cache_objects_lost},
                               {"cache_bytes_lost", f.storage.cache_bytes_lost}}}};
}

std::string failure_console(const FailureSummary& f)
{
  if (!f.enabled)
    return {};
  std::string outages = f.classes.size() > 2 ? fmt::format("{} host, {} link and {} disk outage(s)", f.classes[0].failures,
                                                          f.classes[1].failures, f.classes[2].failures)
                                             : fmt::format("{} host and {} link outage(s)", f.classes[0].failures,
                                                           f.classes[1].failures);
  return fmt::format("\n  failures            {}, {} job(s) re-queued ({} retries), {} "
                     "failed, {} training restart(s)\n"
                     "                      lost work {:.1f} host-s, goodput {:.3f}, mean time to recover {:.1f} s\n",
                     outages, f.jobs_retried, f.retries, f.jobs_failed,
                     f.training_restarts, f.lost_work, f.goodput, f.mean_time_to_recover_s) +
         (f.storage.blocks_written > 0 || f.storage.cache_objects_lost > 0
              ? fmt::format("                      storage: {} block(s) lost ({:.3g} GB of {:.3g} GB written), {:.3g} "
                            "GB re-replicated, {} read(s) failed over, {} cached object(s) lost\n",
                            f.storage.blocks_lost, f.storage.bytes_lost / 1e9, f.storage.bytes_written / 1e9,
                            f.storage.re_replicated_bytes / 1e9, f.storage.reads_failed_over,
                            f.storage.cache_objects_lost)
              : std::string());
}

} // namespace dcflow
