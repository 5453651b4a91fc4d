#pragma once
// The only part of dcflow that talks to SimGrid. One Simulation per process: SimGrid's engine cannot be
// rebuilt in the same process.

#include "analytic/model.hpp"
#include "jobs/generator.hpp"
#include "report/records.hpp"
#include "scenario/scenario.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dcflow {

// "3.32.0": the SimGrid library dcflow runs on.
std::string simgrid_version();

// Where a run is: its simulated time and its jobs (total 0: not known).
struct RunProgress {
  double simulated_time = 0;
  std::int64_t done     = 0; // ended, completed or failed
  std::int64_t running  = 0; // dispatched, not ended
  std::int64_t total    = 0;
};

class Simulation {
public:
  // Creates the engine with `engine_args` (only --cfg=... / --log=...), loads the platform and resolves
  // the scenario's roles, disks and routes against it. Throws InputError on any mismatch.
  Simulation(const Scenario& scenario, const std::vector<std::string>& engine_args);
  ~Simulation();
  Simulation(const Simulation&)            = delete;
  Simulation& operator=(const Simulation&) = delete;

  // What `dcflow validate` prints: hosts by role, links, disks, job classes.
  std::string describe() const;

  // The document's terms as derived from this platform and scenario.
  AnalyticInputs analytic_inputs() const;

  // Runs the jobs to completion and returns what happened. Scheduled jobs are taken from `jobs` as they arrive.
  RunRecords run(JobSource& jobs);
  RunRecords run(const std::vector<JobSpec>& jobs);

  // Called each time a job ends (scheduled jobs; not inference requests), before run() returns.
  void on_progress(std::function<void(const RunProgress&)> callback);

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace dcflow
