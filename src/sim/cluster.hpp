#pragma once
// The compute pool as the scheduler sees it: jobs are submitted at their arrival times, the dispatcher and
// its policy decide where they start, the autoscaler switches hosts on and off. One owner for each host's
// power state. A dispatched job gets a short-lived actor on its first host that runs it (JobRunner).

#include "policy/autoscaler.hpp"
#include "policy/dispatcher.hpp"
#include "sim/actor_pool.hpp"
#include "sim/failures/failure_observer.hpp"
#include "sim/job_runner.hpp"
#include "sim/simulation.hpp"

#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace dcflow {

class FailureInjector;

class Cluster : public FailureObserver {
public:
  Cluster(SimContext sim, JobRunner& runner);

  // Failures (cluster_failures.cpp): the injector to stop when the last job has ended; set before start().
  void set_failures(FailureInjector* failures) { failures_ = failures; }
  // A pool host went down: its jobs are re-queued (a training job restarts from its checkpoint), it takes no
  // work until it is back.
  void host_down(const HostOutage& outage) override;
  void host_up(simgrid::s4u::Host* host) override;

  // Before Engine::run: creates the submitter (and the autoscaler) actors and puts every pool host in its
  // initial power state. The submitter takes each job from `jobs` at its submit time: only the jobs that have
  // arrived and not ended are held (LiveJob); a job's record joins RunRecords when it ends.
  void start(JobSource& jobs);
  // After Engine::run: the records of jobs that never ended, and the power periods still open, are closed.
  void finish(double end);
  // Told each time a job ends.
  void on_progress(std::function<void(const RunProgress&)> callback) { progress_ = std::move(callback); }

private:
  // A job that has arrived and not ended: what it is, its record so far, its running attempt (an interrupted
  // attempt's end is ignored), that attempt's actor, and its hosts' failures not yet handled (a training job
  // handles them itself). Shared with the attempt's actor, which may outlive the job's entry in live_.
  struct LiveJob {
    JobSpec spec;
    JobRecord record;
    int attempt = 0;
    simgrid::s4u::ActorPtr actor;
    std::vector<HostOutage> pending;
  };
  using LivePtr = std::shared_ptr<LiveJob>;

  void submit_all();
  void submit(JobSpec&& spec);
  void submit_windowed();
  // Windowed queue (window_ > 0): arrived jobs (submitted by `until`) join the queue while it holds fewer than
  // window_; the rest wait in the source, in their order.
  void admit(double until);
  // A job ended and made room: the queue is topped up.
  void top_up();
  // Once every job has arrived and ended: the failure injector stops, the pooled actors end.
  void end_if_last();
  QueuedJob queued_job(const JobSpec& job) const;
  std::vector<std::size_t> data_hosts_now(const QueuedJob& q) const;
  PoolState pool_state(double now);
  void switch_off(std::size_t host, double now);
  void boot(std::size_t host, double now);
  void dispatch();
  void start_job(std::int64_t id, const std::vector<std::size_t>& hosts);
  void end_job(const LivePtr& job, int attempt, const JobRecord& outcome);
  // Failures (cluster_failures.cpp).
  void interrupt(const LivePtr& job, const std::string& cause, double now, double not_before);
  void failed_run(const LivePtr& job, const JobRecord& outcome);
  void fail_unstarted(double end);
  // The job ended for good (completed, or failed with its cause): its record joins the run's.
  void job_done(LiveJob& job);
  // RunRecords::jobs is in id order: an ended job's record waits in waiting_ until every smaller id has ended.
  void keep_record(JobRecord&& record);

  SimContext sim_;
  JobRunner& runner_;
  JobSource* source_     = nullptr;
  std::int64_t expected_ = 0;     // jobs in all; 0: not known before they are made (a duration ends them)
  bool all_submitted_    = false; // the source is exhausted
  // With a head-only policy (FIFO), no autoscaling and no failures, the queue holds at most window_ jobs
  // (2 x pool + 64, more than can ever start at once); the arrived jobs beyond it wait in the source. 0: every
  // arrived job is queued (DCFLOW_QUEUE_WINDOW changes it for the tests).
  std::size_t window_ = 0;
  // Without failures, jobs run in pooled actors (a failure kills a job's actor, and a run with failures may end
  // with jobs that never started, whose pool would wait forever).
  // A job runs 8 tasks per worker: its disk I/Os stay in its worker's activity list (actor_pool.hpp); 8 was
  // the fastest of 4, 8, 32 and 128 on scenarios/bench_cluster_1024.yaml. A host keeps 2 waiting workers.
  // (The other end of a mailbox wire is not a job: one wire server per host posts it, stages/wire.cpp.)
  ActorPool pool_{8, 2};
  bool pooled_ = false;
  std::unordered_map<std::int64_t, LivePtr> live_; // by id
  std::map<std::int64_t, JobRecord> waiting_;      // ended, waiting for a smaller id to end
  std::int64_t next_record_ = 0;                   // the smallest id whose record is not in RunRecords::jobs
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<PowerState> power_;  // per pool host
  std::vector<double> idle_since_; // per pool host
  std::vector<int> power_record_;  // per pool host: its open PowerInterval in RunRecords::power, or -1
  std::vector<std::size_t> units_; // the autoscaler's units at its last look: the pool hosts that were up
  // Failures: the job on each pool host (its id, or -1), the hosts down.
  FailureInjector* failures_ = nullptr;
  std::vector<std::int64_t> job_on_host_;
  std::vector<char> down_;
  std::function<void(const RunProgress&)> progress_;
  std::int64_t started_ = 0, ended_ = 0; // jobs
};

} // namespace dcflow
