#include "sim/stage_executor.hpp"

namespace dcflow {

StageExecutors::StageExecutors(SimContext sim)
{
  // One executor per row of the registry, in row order: the order of StageKind's values.
#define DCFLOW_MAKE_EXECUTOR(Value, name, Params, make_executor) executors_.push_back(make_executor(sim));
  DCFLOW_STAGE_KINDS(DCFLOW_MAKE_EXECUTOR)
#undef DCFLOW_MAKE_EXECUTOR
}

} // namespace dcflow
