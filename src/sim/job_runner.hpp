#pragma once
// Runs one job's stage graph in the job's own actor: each stage starts when the stages it comes `after` have
// ended; its executor (stage_executor.hpp) gives its steps; the runner starts them in turn and waits on the
// activities of every running stage at once, until the last stage has ended.

#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <functional>
#include <string>
#include <vector>

namespace dcflow {

class FailureInjector;

class JobRunner {
public:
  JobRunner(SimContext sim, StageExecutors& executors);

  // Runs `job` on `hosts` (the first runs this actor) to its end; sets `record`'s end and status. A failed
  // activity (a link that went down) ends the job at once: status Failed, `record.cause` from the failure cause
  // (set_failures) and `record.retry_at` when it may run again, both from the down links that the routes of its
  // flows in flight cross (every link down if none of them is). A training job is handed `pending`, the failures
  // of its hosts, to restart itself; it restarts itself after a failed flow too.
  void run(const JobSpec& job, JobRecord& record, const std::vector<simgrid::s4u::Host*>& hosts,
           std::vector<HostOutage>* pending = nullptr);
  // The run's failures: what made an activity fail now (FailureInjector::cause_now), and, for a training job,
  // when it may go on (links_back_at).
  void set_failures(const FailureInjector* failures) { failures_ = failures; }

private:
  SimContext sim_;
  StageExecutors& executors_;
  std::vector<std::vector<std::vector<int>>> dependants_; // per class, per stage: the stages that wait for it
  const FailureInjector* failures_ = nullptr;
};

} // namespace dcflow
