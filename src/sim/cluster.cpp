#include "sim/cluster.hpp"

#include "analytic/training_model.hpp"

#include "policy/policy.hpp"
#include "sim/autoscale_loop.hpp"
#include "sim/failures/failure_injector.hpp"
#include "sim/recorder.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"
#include "util/rng.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace sg4 = simgrid::s4u;

namespace dcflow {

Cluster::Cluster(SimContext sim, JobRunner& runner) : sim_(sim), runner_(runner) {}

namespace {
// The windowed queue's size for a pool of `hosts`: 2 x hosts + 64. DCFLOW_QUEUE_WINDOW (for the tests) sets
// it, never below hosts + 1 (one more job than can start at once), or turns it off ("off": every arrived job
// is queued).
std::size_t queue_window(std::size_t hosts)
{
  const char* given = std::getenv("DCFLOW_QUEUE_WINDOW");
  if (given == nullptr)
    return 2 * hosts + 64;
  if (std::string(given) == "off")
    return 0;
  return std::max<std::size_t>(hosts + 1, static_cast<std::size_t>(std::strtoull(given, nullptr, 10)));
}
} // namespace

void Cluster::start(JobSource& jobs)
{
  source_                  = &jobs;
  expected_                = jobs.expected();
  const Scenario& scenario = sim_.world.scenario();
  RunRecords& records      = sim_.recorder.records();
  std::size_t pool_size    = sim_.world.pool().size();
  dispatcher_ =
      std::make_unique<Dispatcher>(pool_size, make_policy(scenario.policy, stream_seed(scenario.seed, Stream::Policy)));
  dispatcher_->set_data_locator([this](const QueuedJob& q) { return data_hosts_now(q); });
  job_on_host_.assign(pool_size, -1);
  down_.assign(pool_size, 0);
  pooled_ = failures_ == nullptr;
  if (dispatcher_->head_only() && !scenario.autoscale.enabled && failures_ == nullptr)
    window_ = queue_window(pool_size);
  power_.assign(pool_size, PowerState::Active);
  idle_since_.assign(pool_size, 0.0);
  power_record_.assign(pool_size, -1);
  const AutoscaleSettings& autoscale = scenario.autoscale;
  for (std::size_t h = 0; h < pool_size; ++h) {
    if (autoscale.enabled && h >= static_cast<std::size_t>(autoscale.initial)) {
      power_[h] = PowerState::Off;
      dispatcher_->set_active(h, false);
    } else {
      power_record_[h] = static_cast<int>(records.power.size());
      records.power.push_back(PowerInterval{static_cast<int>(h), 0, 0, -1});
    }
  }
  sg4::Actor::create("submitter", sim_.world.hosts().front(), [this] { submit_all(); });
  if (autoscale.enabled)
    sg4::Actor::create("autoscaler", sim_.world.hosts().front(), [this] {
      run_autoscaler(sim_.world.scenario().autoscale, sim_.recorder.records(),
                     {[this](double now) { return pool_state(now); },
                      [this](std::size_t u, double now) { switch_off(units_[u], now); },
                      [this](std::size_t u, double now) { boot(units_[u], now); }});
    });
}

void Cluster::end_if_last()
{
  if (!all_submitted_ || !live_.empty())
    return;
  if (failures_)
    failures_->stop();
  pool_.close();
}

void Cluster::finish(double end)
{
  fail_unstarted(end);
  // Jobs that never ended (never started: no host could take them), as they are, in id order with those that
  // ended after them.
  for (auto& [id, job] : live_)
    waiting_.emplace(id, std::move(job->record));
  live_.clear();
  for (auto& [id, record] : waiting_)
    sim_.recorder.records().jobs.push_back(std::move(record));
  waiting_.clear();
  for (auto& interval : sim_.recorder.records().power)
    if (interval.off < 0)
      interval.off = end;
}

void Cluster::submit_all()
{
  if (window_ > 0)
    return submit_windowed();
  while (const JobSpec* first = source_->peek()) {
    double t = first->submit;
    if (t > sg4::Engine::get_clock() + kTimeResolution)
      sg4::this_actor::sleep_until(t);
    // Submit every job of this instant before scheduling, so the policy sees them together. Arrivals closer
    // than SimGrid's time resolution count as simultaneous.
    dispatcher_->set_now(sg4::Engine::get_clock());
    for (const JobSpec* job = first; job != nullptr && job->submit <= t + kTimeResolution; job = source_->peek())
      submit(std::move(*source_->next()));
    dispatch();
  }
  all_submitted_ = true;
  end_if_last();
}

// The windowed queue's submitter: it wakes at every arrival instant, as submit_all does (the engine then steps
// at the same times, and the run's floating-point sums are the same), and the jobs of the instant join the queue
// while it has room; the rest wait in the source until jobs that end make room (top_up).
void Cluster::submit_windowed()
{
  std::unique_ptr<ArrivalTimes> times = source_->times();
  std::optional<double> next          = times->next();
  while (next) {
    double t = *next;
    if (t > sg4::Engine::get_clock() + kTimeResolution)
      sg4::this_actor::sleep_until(t);
    while (next && *next <= t + kTimeResolution)
      next = times->next();
    dispatcher_->set_now(sg4::Engine::get_clock());
    admit(t + kTimeResolution);
    dispatch();
  }
}

// A job arrives: its record starts, the dispatcher queues it.
void Cluster::submit(JobSpec&& spec)
{
  const JobClass& c = sim_.world.scenario().workload.classes[spec.job_class];
  auto job          = std::make_shared<LiveJob>();
  job->spec         = std::move(spec);
  JobRecord& rec    = job->record;
  rec.id            = job->spec.id;
  rec.job_class     = job->spec.job_class;
  rec.submit        = job->spec.submit;
  rec.bytes         = input_bytes(c, job->spec);
  rec.flops         = job_flops(c, job->spec);
  live_.emplace(rec.id, job);
  dispatcher_->submit(queued_job(job->spec));
}

void Cluster::admit(double until)
{
  for (const JobSpec* job = source_->peek(); job != nullptr && job->submit <= until; job = source_->peek()) {
    if (dispatcher_->queued_total() >= window_)
      return;
    submit(std::move(*source_->next()));
  }
  all_submitted_ = source_->peek() == nullptr;
  end_if_last();
}

void Cluster::top_up()
{
  dispatcher_->set_now(sg4::Engine::get_clock());
  admit(sg4::Engine::get_clock() + kTimeResolution);
  dispatch();
}

// What the policy sees of a job: its size and estimate (where its data is: data_hosts_now, when asked).
QueuedJob Cluster::queued_job(const JobSpec& job) const
{
  QueuedJob q;
  q.id           = job.id;
  q.submit       = job.submit;
  q.job_class    = job.job_class;
  q.hosts_needed = job.hosts_needed;
  q.estimate     = job.estimate;
  if (q.estimate <= 0) { // default estimate: the job's compute time on its hosts (I/O not counted)
    const JobClass& job_class = sim_.world.scenario().workload.classes[job.job_class];
    q.estimate = job_flops(job_class, job) / (sim_.recorder.records().pool.front().peak_flops * job.hosts_needed);
    if (job_class.training)
      q.estimate /= training_figures(*job_class.training).speedup;
  }
  return q;
}

// The pool hosts holding a queued job's input data now, most first: what each read stage's tier says
// (TierService::data_hosts).
std::vector<std::size_t> Cluster::data_hosts_now(const QueuedJob& q) const
{
  const JobSpec& job        = live_.at(q.id)->spec;
  const JobClass& job_class = sim_.world.scenario().workload.classes[job.job_class];
  std::vector<std::size_t> hosts;
  for (std::size_t s = 0; s < job_class.stages.size(); ++s)
    if (job_class.stages[s].kind == StageKind::Read)
      sim_.tiers[job_class.stages[s].storage().tier].data_hosts(job, s, hosts);
  return hosts;
}

// The pool as the autoscaler sees it: each host that is up (units_ maps its units to pool hosts) with its power
// state and whether it runs a job, and the queue. A host that is down is neither capacity nor idle, nor a host
// to boot or switch off; it comes back as it was.
PoolState Cluster::pool_state(double now)
{
  PoolState state;
  state.now    = now;
  state.queued = dispatcher_->queued_total();
  units_.clear();
  for (std::size_t h = 0; h < power_.size(); ++h) {
    if (down_[h])
      continue;
    units_.push_back(h);
    state.power.push_back(power_[h]);
    state.idle_since.push_back(idle_since_[h]);
    state.busy.push_back(dispatcher_->running_count(h) > 0);
  }
  return state;
}

void Cluster::switch_off(std::size_t h, double now)
{
  power_[h] = PowerState::Off;
  dispatcher_->set_active(h, false);
  sim_.recorder.records().power[static_cast<std::size_t>(power_record_[h])].off = now;
  power_record_[h]                                                              = -1;
}

// The host boots for the autoscaler's boot time, in a daemon actor, then takes work.
void Cluster::boot(std::size_t h, double now)
{
  RunRecords& records = sim_.recorder.records();
  double boot_time    = sim_.world.scenario().autoscale.boot_time;
  power_[h]           = PowerState::Booting;
  power_record_[h]    = static_cast<int>(records.power.size());
  records.power.push_back(PowerInterval{static_cast<int>(h), now, now + boot_time, -1});
  sg4::Actor::create("boot-" + records.pool[h].name, sim_.world.pool()[h], [this, h, boot_time] {
    sg4::Actor::self()->daemonize();
    sg4::this_actor::sleep_for(boot_time);
    power_[h]      = PowerState::Active;
    idle_since_[h] = sg4::Engine::get_clock();
    dispatcher_->set_active(h, !down_[h]); // a failed host takes work when it is back (host_up)
    dispatch();
  });
}

// Starts what the dispatcher decided. Actor creation is a simcall during which other actors may run (and
// dispatch): the dispatcher's state is already settled when the first actor is created.
void Cluster::dispatch()
{
  dispatcher_->set_now(sg4::Engine::get_clock());
  for (auto& start : dispatcher_->dispatch())
    start_job(start.id, start.hosts);
}

void Cluster::start_job(std::int64_t id, const std::vector<std::size_t>& hosts)
{
  ++started_;
  LivePtr job    = live_.at(id);
  JobRecord& rec = job->record;
  rec.start      = std::max(sg4::Engine::get_clock(), rec.submit); // never before submission (see kTimeResolution)
  rec.hosts.clear();
  for (std::size_t h : hosts) {
    rec.hosts.push_back(static_cast<int>(h));
    job_on_host_[h] = id;
  }
  std::vector<sg4::Host*> job_hosts;
  for (std::size_t h : hosts)
    job_hosts.push_back(sim_.world.pool()[h]);
  // The job runs in an actor of the pool (actor_pool.hpp), or, when failures may interrupt it, in an actor of
  // its own, created at dispatch; its outcome counts only if this attempt was not interrupted meanwhile
  // (cluster_failures.cpp).
  int attempt = ++job->attempt;
  auto run    = [this, job, attempt, job_hosts] {
    JobRecord outcome;
    runner_.run(job->spec, outcome, job_hosts, &job->pending);
    end_job(job, attempt, outcome);
  };
  if (pooled_) { // no failure can interrupt it
    pool_.run("job", job_hosts.front(), std::move(run));
    return;
  }
  sg4::ActorPtr actor = sg4::Actor::create("job-" + std::to_string(rec.id), job_hosts.front(), std::move(run));
  if (attempt == job->attempt)
    job->actor = actor;
  else // a failure interrupted this attempt while its actor was being created
    actor->kill();
}

void Cluster::end_job(const LivePtr& job, int attempt, const JobRecord& outcome)
{
  if (attempt != job->attempt)
    return; // interrupted at this instant: already re-queued or failed
  job->actor = nullptr;
  if (outcome.status == JobStatus::Failed) { // a failure ended it: re-queue it, or fail it (cluster_failures.cpp)
    failed_run(job, outcome);
    dispatch();
    return;
  }
  JobRecord& rec               = job->record;
  rec.end                      = outcome.end;
  rec.status                   = outcome.status;
  const std::int64_t id        = rec.id;
  const std::vector<int> hosts = rec.hosts; // the record leaves with job_done
  for (int h : hosts)
    job_on_host_[static_cast<std::size_t>(h)] = -1;
  job_done(*job);
  dispatcher_->finish(id);
  for (int h : hosts)
    idle_since_[static_cast<std::size_t>(h)] = outcome.end;
  // Let every job ending at this instant release its hosts before anyone dispatches: otherwise the hosts handed
  // out would depend on the engine's wake-up order, not on the policy.
  sg4::this_actor::yield();
  if (window_ > 0)
    top_up();
  else
    dispatch();
}

void Cluster::keep_record(JobRecord&& record)
{
  if (record.id != next_record_) {
    waiting_.emplace(record.id, std::move(record));
    return;
  }
  RunRecords& records = sim_.recorder.records();
  records.jobs.push_back(std::move(record));
  ++next_record_;
  while (!waiting_.empty() && waiting_.begin()->first == next_record_) {
    records.jobs.push_back(std::move(waiting_.begin()->second));
    waiting_.erase(waiting_.begin());
    ++next_record_;
  }
}

} // namespace dcflow
