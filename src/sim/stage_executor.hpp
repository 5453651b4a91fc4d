#pragma once
// Stage kinds as executors: each turns one stage of a job into the steps of a StageRun. One executor per
// StageKind, made by the factory its row of the registry names (scenario/stage_kinds.hpp); read and write stages
// hand their steps to the storage tier they name (tier_service.hpp).

#include "jobs/generator.hpp"
#include "scenario/scenario.hpp"
#include "sim/stage_run.hpp"

#include <simgrid/s4u.hpp>

#include <memory>
#include <vector>

namespace dcflow {

class World;
class Recorder;
class TierServices;

// One stage of one job, as an executor or a tier sees it when the stage becomes ready.
struct StageContext {
  const JobSpec& job;
  std::size_t index; // the stage's index in its class
  const Stage& stage;
  const JobClass& job_class;
  const std::vector<simgrid::s4u::Host*>& hosts; // the job's hosts; the first runs its actor

  double amount() const { return job.amounts[index]; }
  simgrid::s4u::Host* host() const { return hosts.front(); }
  // The identity of what the stage reads or writes: its object when the stage has `objects`, else the job's.
  std::int64_t object() const { return job.object_of(index); }
  // The transfer settings that apply to this stage: its class's own, else the scenario's.
  const TransferSettings& transfer(const Scenario& scenario) const { return scenario.transfer_for(job_class); }
};

// What executors and tiers work with.
struct SimContext {
  World& world;
  Recorder& recorder;
  TierServices& tiers;
};

class StageExecutor {
public:
  virtual ~StageExecutor() = default;
  // Fills `run` with the stage's steps and what its record says about the resource it used.
  virtual void plan(const StageContext& stage, StageRun& run) = 0;
};

// One executor per stage kind, sharing `sim`.
class StageExecutors {
public:
  explicit StageExecutors(SimContext sim);
  StageExecutor& of(StageKind kind) { return *executors_[static_cast<std::size_t>(kind)]; }

private:
  std::vector<std::unique_ptr<StageExecutor>> executors_; // indexed by StageKind (the registry's row order)
};

// Each kind's executor factory, as its registry row names it, defined in stages/<kind>_stage.cpp.
#define DCFLOW_DECLARE_EXECUTOR(Value, name, Params, make_executor)                                                    \
  std::unique_ptr<StageExecutor> make_executor(SimContext sim);
DCFLOW_STAGE_KINDS(DCFLOW_DECLARE_EXECUTOR)
#undef DCFLOW_DECLARE_EXECUTOR

} // namespace dcflow
