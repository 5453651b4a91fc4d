#include "sim/stage_executor.hpp"

namespace dcflow {
namespace {

std::unique_ptr<StageExecutor> make_executor(StageKind kind, SimContext sim)
{
  switch (kind) { // no default: a new stage kind must say here which executor runs it
  case StageKind::Read:
    return make_storage_executor(sim, true);
  case StageKind::Write:
    return make_storage_executor(sim, false);
  case StageKind::Transfer:
    return make_transfer_executor(sim);
  case StageKind::Compute:
    return make_compute_executor(sim);
  }
  return nullptr;
}

} // namespace

StageExecutors::StageExecutors(SimContext sim)
{
  executors_.resize(kStageKinds.size());
  for (StageKind kind : kStageKinds)
    executors_[static_cast<std::size_t>(kind)] = make_executor(kind, sim);
}

} // namespace dcflow
