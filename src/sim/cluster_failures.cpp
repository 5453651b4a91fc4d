// The cluster's side of failures (README "Failures"), apart from the rest of cluster.cpp: a pool host that goes
// down leaves the dispatcher's active set until it is back; the jobs running on it are stopped and re-queued
// (a retry each; beyond the scenario's retry_limit they fail with their cause), except training jobs, which
// are told and restart from their last checkpoint themselves (sim/training/training_job.cpp).
#include "sim/cluster.hpp"

#include "sim/failures/failure_injector.hpp"
#include "sim/recorder.hpp"
#include "sim/world.hpp"

#include <cmath>
#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace dcflow {

void Cluster::host_down(const HostOutage& outage)
{
  std::optional<std::size_t> pool_host = sim_.world.pool_index(outage.host);
  if (!pool_host)
    return; // not a compute host: the work on it is its storage tier's concern
  std::size_t h = *pool_host;
  down_[h]      = 1;
  dispatcher_->set_active(h, false);
  std::int64_t id = job_on_host_[h];
  if (id < 0)
    return;
  LivePtr job                = live_.at(id);
  const JobClass& job_class = sim_.world.scenario().workload.classes[job->spec.job_class];
  if (job_class.training) {
    job->pending.push_back(outage);
    return;
  }
  // Settle every record and the dispatcher before the first simcall (a kill, an actor's creation), during which
  // other actors may run.
  sg4::ActorPtr actor = job->actor;
  job->actor          = nullptr;
  interrupt(job, outage.cause, outage.down, outage.down);
  if (actor)
    actor->kill();
  dispatch();
}

void Cluster::host_up(sg4::Host* host)
{
  std::optional<std::size_t> pool_host = sim_.world.pool_index(host);
  if (!pool_host)
    return;
  std::size_t h = *pool_host;
  down_[h]      = 0;
  if (power_[h] == PowerState::Active) {
    dispatcher_->set_active(h, true);
    idle_since_[h] = sg4::Engine::get_clock();
  }
  dispatch();
}

// A run ended by a failure. A flow of the job failed (a link went down), or a dfs block it needed had no replica
// on a live host: it goes back to the queue at the outcome's retry_at, once the down links its flows crossed are
// back (JobRunner::run; the block's first replica host is back) (SimGrid's routes are static: there is no other
// route to try), or fails if one never returns. A training job stopped short (a host that never returns: it is
// never re-queued): it fails.
void Cluster::failed_run(const LivePtr& job, const JobRecord& outcome)
{
  if (sim_.world.scenario().workload.classes[job->spec.job_class].training) {
    JobRecord& rec = job->record;
    for (int h : rec.hosts)
      job_on_host_[static_cast<std::size_t>(h)] = -1;
    dispatcher_->finish(rec.id);
    rec.status = JobStatus::Failed;
    rec.cause  = outcome.cause;
    rec.end    = outcome.end;
    job_done(*job);
    return;
  }
  // Its data unavailable (every replica's host down): back to the queue when the first of those hosts returns;
  // a link failure: when the down links on its flows' routes are back (retry_at unset: every link down now).
  double back = outcome.retry_at >= 0 ? outcome.retry_at : failures_ ? failures_->links_back_at() : outcome.end;
  interrupt(job, outcome.cause, outcome.end, back);
}

// With failures, a job still queued when the run ends (its hosts down for good) fails with that cause, so that
// every job is completed or failed.
void Cluster::fail_unstarted(double end)
{
  if (!failures_)
    return;
  for (auto& [id, job] : live_)
    if (job->record.status == JobStatus::NotStarted) {
      job->record.status = JobStatus::Failed;
      job->record.cause  = fmt::format("still queued when the run ended at {:.1f} s: no host to run on", end);
    }
}

// The job's running attempt ended at `now` for `cause`: its hosts are freed, the work since its start is lost; it goes
// back to the queue at `not_before` (infinity: never, it fails), or fails beyond the retry limit. The caller
// dispatches.
void Cluster::interrupt(const LivePtr& job, const std::string& cause, double now, double not_before)
{
  JobRecord& rec = job->record;
  ++job->attempt; // the interrupted attempt's own end, if it comes, is ignored
  rec.lost_work += (now - rec.start) * static_cast<double>(rec.hosts.size());
  dispatcher_->finish(rec.id);
  for (int h : rec.hosts) {
    job_on_host_[static_cast<std::size_t>(h)] = -1;
    idle_since_[static_cast<std::size_t>(h)]  = now;
  }
  if (rec.retries >= sim_.world.scenario().failures.retry_limit || std::isinf(not_before)) {
    rec.status = JobStatus::Failed;
    rec.cause  = cause;
    rec.end    = now;
    job_done(*job);
    return;
  }
  ++rec.retries;
  --started_; // the attempt is over; the job waits to start again
  rec.start = -1;
  rec.hosts.clear();
  if (not_before <= now) {
    dispatcher_->set_now(now);
    dispatcher_->submit(queued_job(job->spec));
    return;
  }
  sg4::Actor::create("requeue-" + std::to_string(rec.id), sim_.world.hosts().front(), [this, job, not_before] {
    sg4::this_actor::sleep_until(not_before);
    dispatcher_->set_now(sg4::Engine::get_clock());
    dispatcher_->submit(queued_job(job->spec));
    dispatch();
  });
}

// A job ended for good (completed, or failed with its cause): its record joins the run's and its spec is
// dropped; the progress line; the failure injector's end with the last one.
void Cluster::job_done(LiveJob& job)
{
  ++ended_;
  std::int64_t id = job.record.id;
  keep_record(std::move(job.record));
  live_.erase(id); // `job` may be gone now, unless an actor of it still holds it
  if (progress_)
    progress_(RunProgress{sg4::Engine::get_clock(), ended_, started_ - ended_, expected_});
  end_if_last();
}

} // namespace dcflow
