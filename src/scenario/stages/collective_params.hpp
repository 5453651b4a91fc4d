#pragma once
// The parameters of the collective stage kinds, allreduce and alltoall, and their keys (collective_params.cpp).
// A collective stage runs among the job's hosts (its `hosts`); `bytes` is the per-rank buffer.

#include "scenario/collective.hpp"

namespace dcflow {

struct StageKeys;

struct AllReduceStageParams {
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::Ring;

  static const StageKeys& keys();
};

// An all-to-all sends every pair's share at once: no algorithm to choose.
struct AllToAllStageParams {
  static const StageKeys& keys();
};

} // namespace dcflow
