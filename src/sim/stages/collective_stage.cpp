// Collective stages among the job's hosts (sim/collectives.hpp): an all-reduce of `bytes` per rank with its
// algorithm (hierarchical on GPUs spread unevenly over nodes runs as a ring), or an all-to-all. The flows are
// recorded on their routes by the collective; the stage's own record names no resource.
#include "sim/collectives.hpp"
#include "sim/stage_executor.hpp"
#include "sim/world.hpp"

namespace dcflow {
namespace {

class CollectiveExecutor : public StageExecutor {
public:
  CollectiveExecutor(SimContext sim, CollectiveOp op) : sim_(sim), op_(op) {}

  void plan(const StageContext& stage, StageRun& run) override
  {
    CollectiveGroup group = group_by_node(sim_.world, stage.hosts);
    CollectiveAlgorithm algorithm =
        op_ == CollectiveOp::AllReduce
            ? runnable_algorithm(stage.stage.params_as<AllReduceStageParams>().algorithm, group)
            : CollectiveAlgorithm::Ring;
    plan_collective(sim_, op_, algorithm, group, stage.amount(), run.steps);
  }

private:
  SimContext sim_;
  CollectiveOp op_;
};

} // namespace

std::unique_ptr<StageExecutor> make_allreduce_executor(SimContext sim)
{
  return std::make_unique<CollectiveExecutor>(sim, CollectiveOp::AllReduce);
}

std::unique_ptr<StageExecutor> make_alltoall_executor(SimContext sim)
{
  return std::make_unique<CollectiveExecutor>(sim, CollectiveOp::AllToAll);
}

} // namespace dcflow
