#include "jobs/generator.hpp"

#include "analytic/inference_model.hpp"
#include "analytic/training_model.hpp"
#include "jobs/bursts.hpp"

#include "util/error.hpp"
#include "util/rng.hpp"
#include "workload/request_trace.hpp"
#include "workload/traces.hpp"

#include <cmath>

#include <algorithm>
#include <numeric>
#include <optional>

namespace dcflow {
namespace {

std::vector<TraceJob> read_recorded_jobs(const TraceSource& trace, TraceStats& stats)
{
  switch (trace.format) {
  case TraceSource::Format::Swf:
    return read_swf(trace.file, stats);
  case TraceSource::Format::AlibabaGpu:
    return read_alibaba_gpu_pods(trace.file, stats);
  }
  unhandled_enum_value("TraceSource::Format", static_cast<int>(trace.format));
}

// SWF: one host per processor. Alibaba: one host per GPU, a fraction of a GPU holding a whole one (dcflow does
// not share hosts); CPU-only pods take one host.
int hosts_needed(const TraceSource& trace, const TraceJob& t)
{
  switch (trace.format) {
  case TraceSource::Format::Swf:
    return t.processors;
  case TraceSource::Format::AlibabaGpu:
    return std::max(1, static_cast<int>(std::ceil(t.gpus - 1e-9)));
  }
  unhandled_enum_value("TraceSource::Format", static_cast<int>(trace.format));
}

// Trace replay: each recorded job becomes a rigid compute-only job of its recorded size.
std::vector<JobSpec> trace_jobs(const Scenario& scenario, std::vector<std::string>* notes)
{
  const Workload& w        = scenario.workload;
  const TraceSource& trace = *w.trace;
  TraceStats stats;
  std::vector<TraceJob> recorded = read_recorded_jobs(trace, stats);
  if (notes)
    *notes = stats.notes;
  Rng jitter(stream_seed(scenario.seed, Stream::Jitter));
  std::vector<JobSpec> jobs;
  for (const auto& t : recorded) {
    if (w.jobs && static_cast<std::int64_t>(jobs.size()) >= *w.jobs)
      break;
    JobSpec job;
    job.id           = static_cast<std::int64_t>(jobs.size());
    job.hosts_needed = hosts_needed(trace, t);
    job.amounts      = std::vector<double>{t.runtime * trace.node_speed * job.hosts_needed};
    job.estimate     = t.requested_time;
    job.submit       = t.submit * trace.time_scale + (w.jitter > 0 ? jitter.uniform(0, w.jitter) : 0.0);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

// A request with an ingest carries its payload's bytes as a third amount (whole bytes, at least one).
void add_payload(const InferenceSpec& inf, JobSpec& job, Rng& contents)
{
  if (inf.ingest)
    job.amounts.push_back(std::max(1.0, std::round(inf.ingest->bytes.sample(contents))));
}

// An inference class's request trace: one request per line, amounts {prompt, output}, in arrival order.
std::vector<JobSpec> traced_requests(const Scenario& scenario)
{
  const Workload& w        = scenario.workload;
  const InferenceSpec& inf = *w.classes.front().inference;
  Rng jitter(stream_seed(scenario.seed, Stream::Jitter));
  Rng contents(stream_seed(scenario.seed, Stream::Contents));
  std::vector<JobSpec> jobs;
  for (const auto& t : read_request_trace(inf.trace, inf.trace_where)) {
    if (w.jobs && static_cast<std::int64_t>(jobs.size()) >= *w.jobs)
      break;
    JobSpec job;
    job.id      = static_cast<std::int64_t>(jobs.size());
    job.submit  = t.arrival + (w.jitter > 0 ? jitter.uniform(0, w.jitter) : 0.0);
    job.amounts = std::vector<double>{static_cast<double>(t.prompt), static_cast<double>(t.output)};
    add_payload(inf, job, contents);
    jobs.push_back(std::move(job));
  }
  std::stable_sort(jobs.begin(), jobs.end(), [](const JobSpec& a, const JobSpec& b) { return a.submit < b.submit; });
  return jobs;
}

} // namespace

namespace {

// The generator (arrival process + job classes), one job per call, in id order. Separate streams, so that
// changing a job class's sizes does not move the arrival times (common random numbers across what-if runs).
// The arrival process alone: the next job's arrival time, one call per job. Copyable, so that a copy can run
// ahead of the jobs made (JobSource::times).
class ArrivalProcess {
public:
  ArrivalProcess(const Workload& w, std::uint64_t seed)
      : w_(&w), arrivals_(stream_seed(seed, Stream::Arrivals))
  {
    if (w.bursts)
      bursty_.emplace(w.rate, *w.bursts, stream_seed(seed, Stream::Bursts));
  }

  std::optional<double> next()
  {
    const Workload& w = *w_;
    if (done_ || (w.jobs && i_ >= *w.jobs)) {
      done_ = true;
      return std::nullopt;
    }
    switch (w.arrival) {
    case Arrival::All: // every job at time 0
      break;
    case Arrival::Interval:
      t_ = static_cast<double>(i_) / w.rate;
      break;
    case Arrival::Poisson:
      t_ = bursty_ ? bursty_->next(t_, arrivals_) : t_ + arrivals_.exponential(1.0 / w.rate);
      break;
    }
    if (w.duration && t_ >= *w.duration) {
      done_ = true;
      return std::nullopt;
    }
    ++i_;
    return t_;
  }

private:
  const Workload* w_;
  Rng arrivals_;
  std::optional<BurstyArrivals> bursty_;
  double t_       = 0;
  std::int64_t i_ = 0;
  bool done_      = false;
};

class ProcessTimes : public ArrivalTimes {
public:
  explicit ProcessTimes(ArrivalProcess process) : process_(std::move(process)) {}
  std::optional<double> next() override { return process_.next(); }

private:
  ArrivalProcess process_;
};

class GeneratedJobs : public JobSource {
public:
  explicit GeneratedJobs(const Scenario& scenario)
      : w_(scenario.workload), process_(scenario.workload, scenario.seed),
        contents_(stream_seed(scenario.seed, Stream::Contents)), jitter_(stream_seed(scenario.seed, Stream::Jitter))
  {
    for (const auto& c : w_.classes)
      total_weight_ += c.weight;
  }

  std::int64_t expected() const override { return w_.jobs && !w_.duration ? *w_.jobs : 0; }
private:
  std::unique_ptr<ArrivalTimes> times_after() const override { return std::make_unique<ProcessTimes>(process_); }

  std::optional<JobSpec> make() override
  {
    std::optional<double> arrival = process_.next();
    if (!arrival)
      return std::nullopt;
    t_ = *arrival;
    JobSpec job;
    job.id = i_++;
    if (w_.classes.size() > 1) {
      double pick = contents_.uniform01() * total_weight_;
      int chosen  = static_cast<int>(w_.classes.size()) - 1;
      for (std::size_t c = 0; c < w_.classes.size(); ++c) {
        if (pick < w_.classes[c].weight) {
          chosen = static_cast<int>(c);
          break;
        }
        pick -= w_.classes[c].weight;
      }
      job.job_class = chosen;
    }
    const JobClass& job_class = w_.classes[job.job_class];
    job.amounts.reserve(job_class.stages.size() + (job_class.inference ? 2 : 0));
    for (const auto& stage : job_class.stages)
      job.amounts.push_back(stage.amount.sample(contents_));
    if (job_class.inference) { // a request: {prompt, output} in whole tokens, at least one each
      for (const Distribution* d : {&job_class.inference->prompt, &job_class.inference->output})
        job.amounts.push_back(std::max(1.0, std::round(d->sample(contents_))));
      add_payload(*job_class.inference, job, contents_);
    }
    for (std::size_t s = 0; s < job_class.stages.size(); ++s) {
      const Stage& stage = job_class.stages[s];
      if (!stage.is_storage() || stage.storage().objects <= 0)
        continue;
      const StorageStageParams& io = stage.storage();
      if (job.objects.empty())
        job.objects.assign(job_class.stages.size(), -1);
      job.objects[s] = io.uniform_access
                           ? static_cast<std::int64_t>(contents_.below(static_cast<std::uint64_t>(io.objects)))
                           : job.id % io.objects;
    }
    job.hosts_needed = job_class.hosts;
    if (job_class.estimate)
      job.estimate = job_class.estimate->sample(contents_);
    job.submit = t_ + (w_.jitter > 0 ? jitter_.uniform(0, w_.jitter) : 0.0);
    return job;
  }

  const Workload& w_;
  ArrivalProcess process_;
  Rng contents_, jitter_;
  double total_weight_ = 0;
  double t_            = 0;
  std::int64_t i_      = 0;
};

class ListedTimes : public ArrivalTimes {
public:
  ListedTimes(const std::vector<JobSpec>& jobs, std::size_t from) : jobs_(jobs), next_(from) {}
  std::optional<double> next() override
  {
    return next_ < jobs_.size() ? std::optional<double>(jobs_[next_++].submit) : std::nullopt;
  }

private:
  const std::vector<JobSpec>& jobs_;
  std::size_t next_;
};

// A peeked job's time, then the rest.
class AheadTimes : public ArrivalTimes {
public:
  AheadTimes(double first, std::unique_ptr<ArrivalTimes> rest) : first_(first), rest_(std::move(rest)) {}
  std::optional<double> next() override
  {
    if (first_) {
      double t = *first_;
      first_.reset();
      return t;
    }
    return rest_->next();
  }

private:
  std::optional<double> first_;
  std::unique_ptr<ArrivalTimes> rest_;
};

class ListedJobs : public JobSource {
public:
  explicit ListedJobs(std::vector<JobSpec> jobs) : jobs_(std::move(jobs)) {}
  std::int64_t expected() const override { return static_cast<std::int64_t>(jobs_.size()); }
  const std::vector<JobSpec>* list() const override { return &jobs_; }

private:
  std::optional<JobSpec> make() override
  {
    if (next_ >= jobs_.size())
      return std::nullopt;
    return std::move(jobs_[next_++]); // moved out: only its shell stays behind
  }
  std::unique_ptr<ArrivalTimes> times_after() const override { return std::make_unique<ListedTimes>(jobs_, next_); }

  std::vector<JobSpec> jobs_;
  std::size_t next_ = 0;
};

} // namespace

const JobSpec* JobSource::peek()
{
  if (!ahead_)
    ahead_ = make();
  return ahead_ ? &*ahead_ : nullptr;
}

std::unique_ptr<ArrivalTimes> JobSource::times() const
{
  if (ahead_)
    return std::make_unique<AheadTimes>(ahead_->submit, times_after());
  return times_after();
}

std::optional<JobSpec> JobSource::next()
{
  if (!ahead_)
    return make();
  std::optional<JobSpec> job = std::move(ahead_);
  ahead_.reset();
  return job;
}

std::unique_ptr<JobSource> job_source(const Scenario& scenario, std::vector<std::string>* notes)
{
  const Workload& w = scenario.workload;
  bool whole_list   = w.trace || w.jitter > 0 ||
                    (!w.classes.empty() && w.classes.front().inference && !w.classes.front().inference->trace.empty());
  if (whole_list)
    return list_source(generate_jobs(scenario, notes));
  return std::make_unique<GeneratedJobs>(scenario);
}

std::unique_ptr<JobSource> list_source(std::vector<JobSpec> jobs)
{
  return std::make_unique<ListedJobs>(std::move(jobs));
}

std::vector<JobSpec> generate_jobs(const Scenario& scenario, std::vector<std::string>* notes)
{
  const Workload& w = scenario.workload;
  if (w.trace) {
    std::vector<JobSpec> jobs = trace_jobs(scenario, notes);
    std::stable_sort(jobs.begin(), jobs.end(), [](const JobSpec& a, const JobSpec& b) { return a.submit < b.submit; });
    return jobs;
  }
  if (!w.classes.empty() && w.classes.front().inference && !w.classes.front().inference->trace.empty())
    return traced_requests(scenario);
  GeneratedJobs generated(scenario);
  std::vector<JobSpec> jobs;
  if (generated.expected() > 0)
    jobs.reserve(static_cast<std::size_t>(generated.expected()));
  while (auto job = generated.next())
    jobs.push_back(std::move(*job));
  if (w.jitter > 0)
    std::stable_sort(jobs.begin(), jobs.end(), [](const JobSpec& a, const JobSpec& b) {
      return a.submit < b.submit || (a.submit == b.submit && a.id < b.id);
    });
  return jobs;
}

double job_flops(const JobClass& job_class, const JobSpec& job)
{
  if (job_class.inference) // 2 x parameters per token computed: the prompt, then output - 1 decode steps
    return 2 * inference_figures(*job_class.inference).parameters * (job.amounts[0] + job.amounts[1] - 1);
  if (job_class.training) {
    const TrainingSpec& t = *job_class.training;
    return training_figures(t).batch_flops * static_cast<double>(t.iterations) * job.hosts_needed;
  }
  double flops = 0;
  for (std::size_t s = 0; s < job_class.stages.size(); ++s)
    if (job_class.stages[s].kind == StageKind::Compute)
      flops += job.amounts[s];
  return flops;
}

double input_bytes(const JobClass& job_class, const JobSpec& job)
{
  if (job_class.training) {
    const TrainingSpec& t = *job_class.training;
    return t.input.tier < 0 ? 0.0 : training_figures(t).batch_bytes * static_cast<double>(t.iterations) * job.hosts_needed;
  }
  double read = 0;
  bool any    = false;
  for (std::size_t s = 0; s < job_class.stages.size(); ++s)
    if (job_class.stages[s].kind == StageKind::Read) {
      read += job.amounts[s];
      any = true;
    }
  if (any)
    return read;
  for (std::size_t s = 0; s < job_class.stages.size(); ++s)
    if (job_class.stages[s].kind == StageKind::Transfer)
      return job.amounts[s];
  return 0;
}

} // namespace dcflow
