#include "sim/cluster.hpp"

#include "analytic/training_model.hpp"

#include "policy/policy.hpp"
#include "sim/autoscale_loop.hpp"
#include "sim/recorder.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"
#include "util/rng.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace dcflow {

Cluster::Cluster(SimContext sim, JobRunner& runner) : sim_(sim), runner_(runner) {}

void Cluster::start(const std::vector<JobSpec>& jobs)
{
  jobs_                    = &jobs;
  const Scenario& scenario = sim_.world.scenario();
  RunRecords& records      = sim_.recorder.records();
  std::size_t pool_size    = sim_.world.pool().size();
  dispatcher_ =
      std::make_unique<Dispatcher>(pool_size, make_policy(scenario.policy, stream_seed(scenario.seed, Stream::Policy)));
  dispatcher_->set_data_locator([this](const QueuedJob& q) { return data_hosts_now(q); });
  std::int64_t max_id = 0;
  for (const auto& j : jobs)
    max_id = std::max(max_id, j.id);
  index_of_id_.assign(static_cast<std::size_t>(max_id) + 1, 0);
  records.jobs.assign(jobs.size(), JobRecord{});
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    index_of_id_[static_cast<std::size_t>(jobs[i].id)] = i;
    JobRecord& rec                                     = records.jobs[i];
    const JobClass& c                                  = scenario.workload.classes[jobs[i].job_class];
    rec.id                                             = jobs[i].id;
    rec.job_class                                      = jobs[i].job_class;
    rec.submit                                         = jobs[i].submit;
    rec.bytes                                          = input_bytes(c, jobs[i]);
    rec.flops                                          = job_flops(c, jobs[i]);
  }
  records.activities.reserve(jobs.size() * 3);
  attempt_.assign(jobs.size(), 0);
  actors_.assign(jobs.size(), nullptr);
  pending_.assign(jobs.size(), {});
  job_on_host_.assign(pool_size, -1);
  down_.assign(pool_size, 0);
  unfinished_ = jobs.size();
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
                      [this](std::size_t h, double now) { switch_off(h, now); },
                      [this](std::size_t h, double now) { boot(h, now); }});
    });
}

void Cluster::finish(double end)
{
  fail_unstarted(end);
  for (auto& interval : sim_.recorder.records().power)
    if (interval.off < 0)
      interval.off = end;
}

void Cluster::submit_all()
{
  const auto& jobs = *jobs_;
  std::size_t i    = 0;
  while (i < jobs.size()) {
    double t = jobs[i].submit;
    if (t > sg4::Engine::get_clock() + kTimeResolution)
      sg4::this_actor::sleep_until(t);
    // Submit every job of this instant before scheduling, so the policy sees them together. Arrivals closer
    // than SimGrid's time resolution count as simultaneous.
    dispatcher_->set_now(sg4::Engine::get_clock());
    for (; i < jobs.size() && jobs[i].submit <= t + kTimeResolution; ++i)
      dispatcher_->submit(queued_job(jobs[i]));
    dispatch();
  }
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
  const JobSpec& job        = (*jobs_)[index_of_id_[static_cast<std::size_t>(q.id)]];
  const JobClass& job_class = sim_.world.scenario().workload.classes[job.job_class];
  std::vector<std::size_t> hosts;
  for (std::size_t s = 0; s < job_class.stages.size(); ++s)
    if (job_class.stages[s].kind == StageKind::Read)
      sim_.tiers[job_class.stages[s].storage().tier].data_hosts(job, s, hosts);
  return hosts;
}

// The autoscaler's view of the pool: each host's power state, whether it runs a job, and the queue.
PoolState Cluster::pool_state(double now) const
{
  PoolState state;
  state.now        = now;
  state.power      = power_;
  state.idle_since = idle_since_;
  state.queued     = dispatcher_->queued_total();
  state.busy.resize(power_.size());
  for (std::size_t h = 0; h < power_.size(); ++h)
    state.busy[h] = dispatcher_->running_count(h) > 0;
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
    start_job(index_of_id_[static_cast<std::size_t>(start.id)], start.hosts);
}

void Cluster::start_job(std::size_t index, const std::vector<std::size_t>& hosts)
{
  ++started_;
  JobRecord& rec = sim_.recorder.records().jobs[index];
  rec.start      = std::max(sg4::Engine::get_clock(), rec.submit); // never before submission (see kTimeResolution)
  rec.hosts.clear();
  for (std::size_t h : hosts) {
    rec.hosts.push_back(static_cast<int>(h));
    job_on_host_[h] = static_cast<int>(index);
  }
  std::vector<sg4::Host*> job_hosts;
  for (std::size_t h : hosts)
    job_hosts.push_back(sim_.world.pool()[h]);
  // One short-lived actor per job, created at dispatch: long-lived actors accumulate activities. Its outcome
  // counts only if this attempt was not interrupted meanwhile (cluster_failures.cpp).
  int attempt         = ++attempt_[index];
  sg4::ActorPtr actor = sg4::Actor::create("job-" + std::to_string(rec.id), job_hosts.front(), [this, index, attempt, job_hosts] {
    JobRecord outcome;
    runner_.run((*jobs_)[index], outcome, job_hosts, &pending_[index]);
    end_job(index, attempt, outcome);
  });
  if (attempt == attempt_[index])
    actors_[index] = actor;
  else // a failure interrupted this attempt while its actor was being created
    actor->kill();
}

void Cluster::end_job(std::size_t index, int attempt, const JobRecord& outcome)
{
  if (attempt != attempt_[index])
    return; // interrupted at this instant: already re-queued or failed
  actors_[index] = nullptr;
  if (outcome.status == JobStatus::Failed) { // a failure ended it: re-queue it, or fail it (cluster_failures.cpp)
    failed_run(index, outcome);
    dispatch();
    return;
  }
  JobRecord& rec = sim_.recorder.records().jobs[index];
  rec.end        = outcome.end;
  rec.status     = outcome.status;
  for (int h : rec.hosts)
    job_on_host_[static_cast<std::size_t>(h)] = -1;
  job_done();
  dispatcher_->finish(rec.id);
  for (int h : rec.hosts)
    idle_since_[static_cast<std::size_t>(h)] = rec.end;
  // Let every job ending at this instant release its hosts before anyone dispatches: otherwise the hosts handed
  // out would depend on the engine's wake-up order, not on the policy.
  sg4::this_actor::yield();
  dispatch();
}

} // namespace dcflow
