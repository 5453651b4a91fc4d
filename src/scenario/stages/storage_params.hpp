#pragma once
// The parameters of read and write stages, and their keys (storage_params.cpp).

#include <cstdint>

namespace dcflow {

struct StageKeys;

// A read or write stage's parameters.
struct StorageStageParams {
  int tier             = -1;    // index into Scenario::tiers
  std::int64_t objects = 0;     // the stage touches one of this many objects (0: no identity)
  bool uniform_access  = false; // which object: uniform draw, else job id mod objects (epochs in order)

  static const StageKeys& keys();
};

} // namespace dcflow
