// The collective stages' keys: their bytes (the per-rank buffer) and, for an all-reduce, its algorithm.
#include "scenario/stages/stage_keys.hpp"

namespace dcflow {
namespace {

void read_algorithm(const StageInput& in)
{
  if (in.node["algorithm"])
    in.params<AllReduceStageParams>().algorithm =
        in.reader.choice_of(in.node["algorithm"], in.path + ".algorithm", kCollectiveAlgorithms);
}

} // namespace

const StageKeys& AllReduceStageParams::keys()
{
  static const StageKeys keys{{{"flops", nullptr, "bytes"}, {"bytes", read_bytes}, {"algorithm", read_algorithm}}};
  return keys;
}

const StageKeys& AllToAllStageParams::keys()
{
  static const StageKeys keys{{{"flops", nullptr, "bytes"}, {"bytes", read_bytes}}};
  return keys;
}

} // namespace dcflow
