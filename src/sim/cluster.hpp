#pragma once
// The compute pool as the scheduler sees it: jobs are submitted at their arrival times, the dispatcher and
// its policy decide where they start, the autoscaler switches hosts on and off. One owner for each host's
// power state. A dispatched job gets a short-lived actor on its first host that runs it (JobRunner).

#include "policy/autoscaler.hpp"
#include "policy/dispatcher.hpp"
#include "sim/failures/failure_observer.hpp"
#include "sim/job_runner.hpp"
#include "sim/simulation.hpp"

#include <memory>
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

  // Before Engine::run: fills the jobs' records, creates the submitter (and the autoscaler) actors and puts
  // every pool host in its initial power state.
  void start(const std::vector<JobSpec>& jobs);
  // After Engine::run: closes the power periods still open.
  void finish(double end);
  // Told each time a job ends.
  void on_progress(std::function<void(const RunProgress&)> callback) { progress_ = std::move(callback); }

private:
  void submit_all();
  QueuedJob queued_job(const JobSpec& job) const;
  std::vector<std::size_t> data_hosts_now(const QueuedJob& q) const;
  PoolState pool_state(double now) const;
  void switch_off(std::size_t host, double now);
  void boot(std::size_t host, double now);
  void dispatch();
  void start_job(std::size_t index, const std::vector<std::size_t>& hosts);
  void end_job(std::size_t index, int attempt, const JobRecord& outcome);
  // Failures (cluster_failures.cpp).
  void interrupt(std::size_t index, const std::string& cause, double now, double not_before);
  void failed_run(std::size_t index, const JobRecord& outcome);
  void fail_unstarted(double end);
  void job_done();

  SimContext sim_;
  JobRunner& runner_;
  const std::vector<JobSpec>* jobs_ = nullptr;
  std::vector<std::size_t> index_of_id_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<PowerState> power_;  // per pool host
  std::vector<double> idle_since_; // per pool host
  std::vector<int> power_record_;  // per pool host: its open PowerInterval in RunRecords::power, or -1
  // Failures: the running attempt of each job (an interrupted attempt's end is ignored), its actor and pending
  // host failures (a training job handles them itself), the job on each pool host, hosts down, jobs not ended.
  FailureInjector* failures_ = nullptr;
  std::vector<int> attempt_;
  std::vector<simgrid::s4u::ActorPtr> actors_;
  std::vector<std::vector<HostOutage>> pending_;
  std::vector<int> job_on_host_;
  std::vector<char> down_;
  std::size_t unfinished_ = 0;
  std::function<void(const RunProgress&)> progress_;
  std::int64_t started_ = 0, ended_ = 0; // jobs
};

} // namespace dcflow
