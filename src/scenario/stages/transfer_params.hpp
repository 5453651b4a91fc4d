#pragma once
// The parameters of a transfer stage, and its keys (transfer_params.cpp).

#include <string>

namespace dcflow {

struct StageKeys;

// A transfer stage's parameters.
struct TransferStageParams {
  std::string from; // role name of the source host ("compute" = the job's host)
  std::string to;   // role name of the destination host

  static const StageKeys& keys();
};

} // namespace dcflow
