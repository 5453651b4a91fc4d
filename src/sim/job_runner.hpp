#pragma once
// Runs one job's stage graph in the job's own actor: each stage starts when the stages it comes `after` have
// ended; its executor (stage_executor.hpp) gives its steps; the runner starts them in turn and waits on the
// activities of every running stage at once, until the last stage has ended.

#include "sim/stage_executor.hpp"

#include <vector>

namespace dcflow {

class JobRunner {
public:
  JobRunner(SimContext sim, StageExecutors& executors);

  // Runs `job` on `hosts` (the first runs this actor) to its end; sets `record`'s end and status.
  void run(const JobSpec& job, JobRecord& record, const std::vector<simgrid::s4u::Host*>& hosts);

private:
  SimContext sim_;
  StageExecutors& executors_;
  std::vector<std::vector<std::vector<int>>> dependants_; // per class, per stage: the stages that wait for it
};

} // namespace dcflow
