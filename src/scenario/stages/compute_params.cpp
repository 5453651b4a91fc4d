// A compute stage's keys: its amount in flops; the keys of the kinds that move data are refused.
#include "scenario/stages/stage_keys.hpp"

namespace dcflow {

const StageKeys& ComputeStageParams::keys()
{
  static const StageKeys keys{
      {{"bytes", nullptr, "flops"}, {"tier"}, {"from"}, {"to"}, {"flops", read_flops}, {"objects"}, {"access"}}};
  return keys;
}

} // namespace dcflow
