// A compute stage: `flops` split evenly over the job's hosts; on each, one execution of a share using all its
// cores (F / (k * speed * cores)).
#include "sim/simgrid_compat.hpp"
#include "sim/stage_executor.hpp"
#include "sim/world.hpp"

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class ComputeExecutor : public StageExecutor {
public:
  explicit ComputeExecutor(SimContext sim) : sim_(sim) {}

  void plan(const StageContext& stage, StageRun& run) override
  {
    run.record.resource = static_cast<int>(*sim_.world.pool_index(stage.host()));
    run.record.uses     = ResourceClass::Host;
    double share        = stage.amount() / static_cast<double>(stage.hosts.size());
    const auto& hosts   = stage.hosts;
    run.steps.push_back(Step::starting([share, &hosts](ActivitySink& sink) {
      for (auto* h : hosts) {
        int cores = h->get_core_count();
        sink.add(start_exec(h, share / cores, cores));
      }
      return static_cast<int>(hosts.size());
    }));
  }

private:
  SimContext sim_;
};

} // namespace

std::unique_ptr<StageExecutor> make_compute_executor(SimContext sim)
{
  return std::make_unique<ComputeExecutor>(sim);
}

} // namespace dcflow
