// Read and write stages: the storage tier they name (tiers/) decides their steps.
#include "sim/stage_executor.hpp"
#include "sim/tier_service.hpp"

namespace dcflow {
namespace {

class StorageExecutor : public StageExecutor {
public:
  StorageExecutor(SimContext sim, bool read) : sim_(sim), read_(read) {}

  void plan(const StageContext& stage, StageRun& run) override
  {
    TierService& tier = sim_.tiers[stage.stage.storage().tier];
    if (read_)
      tier.plan_read(stage, run);
    else
      tier.plan_write(stage, run);
  }

private:
  SimContext sim_;
  bool read_;
};

} // namespace

std::unique_ptr<StageExecutor> make_read_executor(SimContext sim)
{
  return std::make_unique<StorageExecutor>(sim, true);
}

std::unique_ptr<StageExecutor> make_write_executor(SimContext sim)
{
  return std::make_unique<StorageExecutor>(sim, false);
}

} // namespace dcflow
