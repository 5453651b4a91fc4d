// A transfer stage: bytes from a host of role `from` to a host of role `to` (the steps: plan_transfer).
#include "sim/stage_executor.hpp"
#include "sim/stages/wire.hpp"
#include "sim/world.hpp"

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class TransferExecutor : public StageExecutor {
public:
  explicit TransferExecutor(SimContext sim) : sim_(sim) {}

  void plan(const StageContext& stage, StageRun& run) override
  {
    const TransferSettings& t = stage.transfer(sim_.world.scenario());
    sg4::Host* src            = sim_.world.host_for(stage.stage.transfer().from, stage.job.id, stage.host());
    sg4::Host* dst            = sim_.world.host_for(stage.stage.transfer().to, stage.job.id, stage.host());
    if (src == dst) {
      run.record.resource = -1; // same host: nothing crosses the network, nothing to compress
      return;
    }
    plan_transfer(src, dst, sim_.world.route_index(src, dst), stage.amount(), t, run);
  }

private:
  SimContext sim_;
};

} // namespace

std::unique_ptr<StageExecutor> make_transfer_executor(SimContext sim)
{
  return std::make_unique<TransferExecutor>(sim);
}

} // namespace dcflow
