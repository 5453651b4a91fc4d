#pragma once
// The registry of stage kinds: one row per kind. Everything that lists the kinds is generated from these rows:
// the StageKind enum and kStageKinds (scenario.hpp), each kind's name (to_string), the StageParams variant and
// stage_params_for, the names `kind:` may give and the keys each kind reads (scenario/load_stages.cpp), and
// the executor of each kind (sim/stage_executor.{hpp,cpp}).
//
// A row is X(Value, "name", Params, make_executor):
//   Value          the StageKind enumerator
//   "name"         what `kind:` says in a scenario file, and what reports call the kind
//   Params         the kind's parameters, a struct in scenario/stages/<kind>_params.hpp (included below) whose
//                  `static const StageKeys& keys()` (its .cpp) says which YAML keys the kind reads and how;
//                  kinds may share one (read and write do), and then share their keys
//   make_executor  std::unique_ptr<StageExecutor> make_executor(SimContext), defined in sim/stages/<kind>_stage.cpp
//                  (declared from this row); only sim/ uses this column, so parsing knows nothing of SimGrid
// Rows are in the order reports list the kinds. A name used twice is a compile error (scenario.hpp); a row
// whose parameters lack keys() fails to compile and a row whose executor is not defined fails to link.

#include "scenario/stages/collective_params.hpp"
#include "scenario/stages/compute_params.hpp"
#include "scenario/stages/storage_params.hpp"
#include "scenario/stages/transfer_params.hpp"

// clang-format off
#define DCFLOW_STAGE_KINDS(X) \
  X(Read,     "read",     StorageStageParams,  make_read_executor) \
  X(Transfer, "transfer", TransferStageParams, make_transfer_executor) \
  X(Compute,  "compute",  ComputeStageParams,  make_compute_executor) \
  X(Write,    "write",    StorageStageParams,  make_write_executor) \
  X(AllReduce, "allreduce", AllReduceStageParams, make_allreduce_executor) \
  X(AllToAll,  "alltoall",  AllToAllStageParams,  make_alltoall_executor) \
  // every row ends with a backslash, so a new kind is one new line; this comment closes the list
// clang-format on
