#include "sim/simulation.hpp"

#include "sim/cluster.hpp"
#include "sim/describe.hpp"
#include "sim/failures/failure_injector.hpp"
#include "sim/inference/serving.hpp"
#include "sim/job_runner.hpp"
#include "sim/recorder.hpp"
#include "sim/stage_executor.hpp"
#include "sim/stages/wire.hpp"
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
        runner_(sim_, executors_), cluster_(sim_, runner_),
        failures_(sim_, world_.platform_failures())
  {
    tiers_.create(sim_);
    if (failures_.any()) {
      forbid_mailbox_wires();
      if (!serves_inference()) // the inference server registers itself when the run starts
        failures_.add_observer(&cluster_);
      for (std::size_t t = 0; t < tiers_.size(); ++t) // storage tiers that lose or regain nodes
        if (FailureObserver* observer = tiers_[static_cast<int>(t)].watch_failures())
          failures_.add_observer(observer);
      cluster_.set_failures(&failures_);
      runner_.set_failures(&failures_);
    }
  }

  std::string describe() const { return describe_world(world_, recorder_.records()); }
  void on_progress(std::function<void(const RunProgress&)> callback) { cluster_.on_progress(std::move(callback)); }
  AnalyticInputs analytic_inputs() const { return dcflow::analytic_inputs(world_, recorder_.records()); }

  RunRecords run(JobSource& jobs)
  {
    // An inference class's requests go to its model replicas (which take the whole list), everything else to
    // the cluster's scheduler, which takes each job when it arrives.
    std::unique_ptr<InferenceServer> server;
    std::vector<JobSpec> requests;
    if (serves_inference()) {
      while (auto job = jobs.next())
        requests.push_back(std::move(*job));
      check_jobs_fit(requests);
      server = std::make_unique<InferenceServer>(sim_);
      if (failures_.any()) {
        failures_.add_observer(server->failure_observer());
        server->set_failures(&failures_);
      }
      server->start(requests);
    } else {
      if (jobs.list()) // generated jobs take their class's hosts, which World checked when binding
        check_jobs_fit(*jobs.list());
      cluster_.start(jobs);
    }
    if (server ? !requests.empty() : jobs.peek() != nullptr)
      failures_.start();
    world_.engine().run();
    release_wire_servers();
    RunRecords& records    = recorder_.records();
    records.simulated_time = sg4::Engine::get_clock();
    if (server)
      server->finish(records.simulated_time);
    else
      cluster_.finish(records.simulated_time);
    failures_.finish(records.simulated_time);
    if (failures_.any())
      for (std::size_t t = 0; t < tiers_.size(); ++t)
        tiers_[static_cast<int>(t)].finish_failures();
    // RunRecords::jobs is in id order already: the cluster and the server keep it so.
    check_conservation(records); // requests too: each served, rejected or failed with its cause
    return recorder_.take();
  }

private:
  bool serves_inference() const
  {
    const auto& classes = world_.scenario().workload.classes;
    return !classes.empty() && classes.front().inference.has_value();
  }

  // Nothing disappears silently: every job completed or failed, and every failed job says why (with failures, a
  // job still queued at the end has failed; without, it is reported as not started). A breach is a bug in
  // dcflow, not bad input.
  static void check_conservation(const RunRecords& records)
  {
    std::size_t completed = 0, failed = 0, not_started = 0;
    for (const auto& job : records.jobs) {
      if (job.status == JobStatus::Completed)
        ++completed;
      else if (job.status == JobStatus::Failed && !job.cause.empty())
        ++failed;
      else if (job.status == JobStatus::NotStarted && !records.failures_enabled && job.start < 0)
        ++not_started;
      else
        throw std::logic_error(fmt::format("job {} ended the run {} without a cause", job.id, to_string(job.status)));
    }
    if (completed + failed + not_started != records.jobs.size())
      throw std::logic_error("jobs submitted != completed + failed");
  }

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
  FailureInjector failures_;
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

RunRecords Simulation::run(JobSource& jobs)
{
  return impl_->run(jobs);
}

RunRecords Simulation::run(const std::vector<JobSpec>& jobs)
{
  auto source = list_source(jobs);
  return impl_->run(*source);
}

void Simulation::on_progress(std::function<void(const RunProgress&)> callback)
{
  impl_->on_progress(std::move(callback));
}

} // namespace dcflow
