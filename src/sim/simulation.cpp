#include "sim/simulation.hpp"

#include "sim/cluster.hpp"
#include "sim/describe.hpp"
#include "sim/inference/serving.hpp"
#include "sim/job_runner.hpp"
#include "sim/recorder.hpp"
#include "sim/stage_executor.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <algorithm>
#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace dcflow {

// The parts of a run, in the order they are built: the recorder first (binding writes the static description
// of the resources into it), the world, the storage tiers, the stage executors, the job runner, the cluster.
class Simulation::Impl {
public:
  Impl(const Scenario& scenario, const std::vector<std::string>& engine_args)
      : world_(scenario, engine_args, recorder_.records()), sim_{world_, recorder_, tiers_}, executors_(sim_),
        runner_(sim_, executors_), cluster_(sim_, runner_)
  {
    tiers_.create(sim_);
  }

  std::string describe() const { return describe_world(world_, recorder_.records()); }
  AnalyticInputs analytic_inputs() const { return dcflow::analytic_inputs(world_, recorder_.records()); }

  RunRecords run(const std::vector<JobSpec>& jobs)
  {
    check_jobs_fit(jobs);
    // An inference class's requests go to its model replicas, everything else to the cluster's scheduler.
    std::unique_ptr<InferenceServer> server;
    if (!world_.scenario().workload.classes.empty() && world_.scenario().workload.classes.front().inference) {
      server = std::make_unique<InferenceServer>(sim_);
      server->start(jobs);
    } else {
      cluster_.start(jobs);
    }
    world_.engine().run();
    RunRecords& records    = recorder_.records();
    records.simulated_time = sg4::Engine::get_clock();
    if (server)
      server->finish(records.simulated_time);
    else
      cluster_.finish(records.simulated_time);
    std::sort(records.jobs.begin(), records.jobs.end(),
              [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });
    return recorder_.take();
  }

private:
  // Trace jobs come with their own sizes: check them against what can be powered on.
  void check_jobs_fit(const std::vector<JobSpec>& jobs) const
  {
    const Scenario& scenario = world_.scenario();
    std::size_t usable       = world_.usable_pool_size();
    std::size_t too_big = 0, largest = 0;
    for (const auto& j : jobs)
      if (static_cast<std::size_t>(j.hosts_needed) > usable) {
        ++too_big;
        largest = std::max(largest, static_cast<std::size_t>(j.hosts_needed));
      }
    if (too_big > 0)
      throw InputError(scenario.workload.trace ? scenario.workload.trace->where : scenario.workload.where,
                       fmt::format("{} job(s) need more hosts than the {} the compute pool can use (the largest "
                                   "needs {}); use a larger platform or 'workload.jobs' to replay fewer",
                                   too_big, usable, largest));
  }

  Recorder recorder_;
  World world_;
  TierServices tiers_;
  SimContext sim_;
  StageExecutors executors_;
  JobRunner runner_;
  Cluster cluster_;
};

std::string simgrid_version()
{
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

Simulation::Simulation(const Scenario& scenario, const std::vector<std::string>& engine_args)
    : impl_(std::make_unique<Impl>(scenario, engine_args))
{
}

Simulation::~Simulation() = default;

std::string Simulation::describe() const
{
  return impl_->describe();
}

AnalyticInputs Simulation::analytic_inputs() const
{
  return impl_->analytic_inputs();
}

RunRecords Simulation::run(const std::vector<JobSpec>& jobs)
{
  return impl_->run(jobs);
}

} // namespace dcflow
