#include "report/training_report.hpp"

#include "analytic/collective_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>

namespace dcflow {

namespace {

// nccl-tests' bus bandwidth of `count` collectives of `bytes` per rank on `ranks` ranks taking `seconds` in all,
// times those seconds (busbw x time adds up over jobs).
double bus_time(CollectiveOp op, int ranks, double bytes, std::int64_t count, double seconds)
{
  if (count <= 0 || seconds <= 0)
    return 0;
  double mean = seconds / static_cast<double>(count);
  return bus_bandwidth(op, ranks, nccl_size(op, ranks, bytes), mean) * seconds;
}

// The summary of `jobs` (training records of one class, or of all).
TrainingSummary summarise(const std::string& name, const std::vector<const TrainingRecord*>& jobs)
{
  TrainingSummary s;
  s.job_class = name;
  s.jobs      = static_cast<int>(jobs.size());
  double time = 0, wait = 0, compute = 0, comm = 0, stall = 0, restart = 0;
  double ar_time = 0, ar_n = 0, ar_bus = 0, a2a_time = 0, a2a_n = 0, a2a_bus = 0, ck_time = 0;
  for (const TrainingRecord* t : jobs) {
    double d = t->end - t->start;
    double k = t->gpus;
    s.gpus += k;
    s.iterations += static_cast<double>(t->iterations);
    s.samples += t->samples;
    s.tokens += t->tokens;
    time += d;
    wait += t->data_wait;
    compute += t->compute;
    comm += t->exposed_comm;
    stall += t->checkpoint_stall;
    restart += t->restart_time;
    s.restarts += static_cast<double>(t->restarts);
    s.redone_iterations += static_cast<double>(t->redone_iterations);
    s.lost_s += t->lost_time;
    s.repair_wait_s += t->repair_wait;
    s.reload_s += t->reload_time;
    ar_time += t->allreduce_time;
    ar_n += static_cast<double>(t->allreduces);
    // busbw x time, summed: the summary's busbw is the mean over its collectives' time. nccl-tests' size of an
    // all-to-all counts the rank's own share (nccl_size), so its busbw is the bytes a rank sends / t.
    ar_bus += bus_time(CollectiveOp::AllReduce, t->gpus, t->allreduce_bytes, t->allreduces, t->allreduce_time);
    a2a_time += t->alltoall_time;
    a2a_n += static_cast<double>(t->alltoalls);
    a2a_bus += bus_time(CollectiveOp::AllToAll, t->gpus, t->alltoall_bytes, t->alltoalls, t->alltoall_time);
    s.checkpoints += static_cast<double>(t->checkpoints);
    s.hierarchical_as_ring += t->hierarchical_as_ring ? 1 : 0;
    ck_time += t->checkpoint_time;
  }
  if (s.jobs > 0)
    s.gpus /= s.jobs;
  if (time > 0) {
    s.samples_per_s           = s.samples / time;
    s.tokens_per_s            = s.tokens / time;
    s.data_wait               = wait / time;
    s.compute                 = compute / time;
    s.exposed_comm            = comm / time;
    s.checkpoint_stall        = stall / time;
    s.restart                 = restart / time;
    s.accelerator_utilization = s.compute;
  }
  s.iteration_s     = s.iterations > 0 ? time / s.iterations : 0;
  s.allreduce_s     = ar_n > 0 ? ar_time / ar_n : 0;
  s.allreduce_busbw = ar_time > 0 ? ar_bus / ar_time : 0;
  s.alltoall_s      = a2a_n > 0 ? a2a_time / a2a_n : 0;
  s.alltoall_busbw  = a2a_time > 0 ? a2a_bus / a2a_time : 0;
  s.checkpoint_s    = s.checkpoints > 0 ? ck_time / s.checkpoints : 0;
  s.bottleneck      = "compute";
  double worst      = 0;
  for (auto [what, share] : {std::pair{"data", s.data_wait}, std::pair{"communication", s.exposed_comm},
                             std::pair{"checkpoint", s.checkpoint_stall}})
    if (share > worst && share > 0.05) {
      worst        = share;
      s.bottleneck = what;
    }
  return s;
}

nlohmann::json summary_json(const TrainingSummary& s)
{
  return {{"jobs", s.jobs},
          {"gpus_per_job", s.gpus},
          {"iterations", s.iterations},
          {"samples", s.samples},
          {"tokens", s.tokens},
          {"samples_per_s", s.samples_per_s},
          {"tokens_per_s", s.tokens_per_s},
          {"iteration_s", s.iteration_s},
          {"time_share",
           {{"data_wait", s.data_wait},
            {"compute", s.compute},
            {"exposed_comm", s.exposed_comm},
            {"checkpoint_stall", s.checkpoint_stall},
            {"restart", s.restart}}},
          {"restarts",
           {{"count", s.restarts},
            {"redone_iterations", s.redone_iterations},
            {"lost_s", s.lost_s},
            {"repair_wait_s", s.repair_wait_s},
            {"reload_s", s.reload_s}}},
          {"data_stall_fraction", s.data_wait},
          {"accelerator_utilization", s.accelerator_utilization},
          {"allreduce",
           {{"mean_s", s.allreduce_s},
            {"busbw_Bps", s.allreduce_busbw},
            {"busbw_GBps", s.allreduce_busbw / 1e9},
            {"hierarchical_as_ring_jobs", s.hierarchical_as_ring}}},
          {"alltoall", {{"mean_s", s.alltoall_s}, {"busbw_Bps", s.alltoall_busbw}, {"busbw_GBps", s.alltoall_busbw / 1e9}}},
          {"checkpoints", {{"count", s.checkpoints}, {"mean_s", s.checkpoint_s}}},
          {"bottleneck", s.bottleneck}};
}

} // namespace

TrainingSummaries training_summaries(const RunRecords& records)
{
  TrainingSummaries out;
  std::map<int, std::vector<const TrainingRecord*>> by_class;
  std::vector<const TrainingRecord*> all;
  for (const auto& t : records.training) {
    by_class[records.jobs[static_cast<std::size_t>(t.job)].job_class].push_back(&t);
    all.push_back(&t);
  }
  for (const auto& [c, jobs] : by_class)
    out.classes.push_back(summarise(c < static_cast<int>(records.class_names.size())
                                        ? records.class_names[static_cast<std::size_t>(c)]
                                        : std::to_string(c),
                                    jobs));
  out.all = summarise("all", all);
  return out;
}

nlohmann::json training_json(const TrainingSummaries& summaries)
{
  nlohmann::json classes = nlohmann::json::object();
  for (const auto& s : summaries.classes)
    classes[s.job_class] = summary_json(s);
  return {{"classes", classes}, {"all", summary_json(summaries.all)}};
}

std::string training_console(const TrainingSummaries& training)
{
  const auto& summaries = training.classes;
  if (summaries.empty())
    return "";
  std::string out = "\n  training            GPUs  samples/s   iter (s)   data  compute  comm  ckpt   AU    "
                    "all-reduce busbw   bottleneck\n";
  for (const auto& s : summaries)
    out += fmt::format("  {:<18} {:>5.0f} {:>10.1f} {:>10.4f}  {:>4.0f}%  {:>5.0f}%  {:>3.0f}%  {:>3.0f}%  {:.3f}  {:>10.2f} GB/s   "
                       "{}\n",
                       s.job_class, s.gpus, s.samples_per_s, s.iteration_s, 100 * s.data_wait, 100 * s.compute,
                       100 * s.exposed_comm, 100 * s.checkpoint_stall, s.accelerator_utilization,
                       s.allreduce_busbw / 1e9, s.bottleneck);
  for (const auto& s : summaries)
    if (s.hierarchical_as_ring > 0)
      out += fmt::format("  {}: {} job(s) had their GPUs spread unevenly over nodes; their hierarchical all-reduce ran "
                         "as a ring\n",
                         s.job_class, s.hierarchical_as_ring);
  for (const auto& s : summaries)
    if (s.restarts > 0)
      out += fmt::format("  {}: {:.0f} restart(s) from checkpoints after failures ({:.0f}% of its time): {:.0f} "
                         "iterations run again, {:.1f} s of work lost, {:.1f} s waiting for repairs, {:.1f} s reloading\n",
                         s.job_class, s.restarts, 100 * s.restart, s.redone_iterations, s.lost_s, s.repair_wait_s,
                         s.reload_s);
  return out;
}

std::string training_csv(const RunRecords& records)
{
  std::vector<const TrainingRecord*> jobs;
  for (const auto& t : records.training)
    jobs.push_back(&t);
  std::sort(jobs.begin(), jobs.end(), [](const auto* a, const auto* b) { return a->job < b->job; });
  std::string out = "id,class,gpus,start,end,iterations,samples,tokens,samples_per_s,data_wait_s,compute_s,"
                    "exposed_comm_s,checkpoint_stall_s,allreduce_mean_s,allreduce_busbw_GBps,alltoall_mean_s,"
                    "alltoall_busbw_GBps,checkpoints,checkpoint_mean_s,hierarchical_as_ring,restarts,redone_iterations,lost_s,"
                    "repair_wait_s,reload_s\n";
  auto mean = [](double total, std::int64_t n) { return n > 0 ? total / static_cast<double>(n) : 0.0; };
  for (const TrainingRecord* t : jobs) {
    const JobRecord& job = records.jobs[static_cast<std::size_t>(t->job)];
    double duration      = t->end - t->start;
    double ar_busbw =
        t->allreduce_time > 0
            ? bus_time(CollectiveOp::AllReduce, t->gpus, t->allreduce_bytes, t->allreduces, t->allreduce_time) /
                  t->allreduce_time
            : 0.0;
    double a2a_busbw =
        t->alltoall_time > 0
            ? bus_time(CollectiveOp::AllToAll, t->gpus, t->alltoall_bytes, t->alltoalls, t->alltoall_time) /
                  t->alltoall_time
            : 0.0;
    out += fmt::format("{},{},{},{:.9g},{:.9g},{},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},"
                       "{:.9g},{},{:.9g},{},{},{},{:.9g},{:.9g},{:.9g}\n",
                       t->job, records.class_names.at(static_cast<std::size_t>(job.job_class)), t->gpus, t->start,
                       t->end, t->iterations, t->samples, t->tokens, duration > 0 ? t->samples / duration : 0.0,
                       t->data_wait, t->compute, t->exposed_comm, t->checkpoint_stall,
                       mean(t->allreduce_time, t->allreduces), ar_busbw / 1e9, mean(t->alltoall_time, t->alltoalls),
                       a2a_busbw / 1e9, t->checkpoints, mean(t->checkpoint_time, t->checkpoints),
                       t->hierarchical_as_ring ? "yes" : "no", t->restarts, t->redone_iterations, t->lost_time,
                       t->repair_wait, t->reload_time);
  }
  return out;
}

} // namespace dcflow
