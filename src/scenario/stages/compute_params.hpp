#pragma once
// The parameters of a compute stage, and its keys (compute_params.cpp).

namespace dcflow {

struct StageKeys;

// A compute stage has nothing beyond its amount (`flops`).
struct ComputeStageParams {
  static const StageKeys& keys();
};

} // namespace dcflow
