// A transfer stage's keys: its bytes, the role it sends from (required) and the role it sends to (default: the
// job's compute host).
#include "scenario/stages/stage_keys.hpp"

namespace dcflow {
namespace {

void read_from(const StageInput& in)
{
  in.params<TransferStageParams>().from =
      role_reference(in.reader, in.scenario, in.reader.required(in.node, "from", in.path), in.path + ".from");
}

void read_to(const StageInput& in)
{
  in.params<TransferStageParams>().to =
      in.node["to"] ? role_reference(in.reader, in.scenario, in.node["to"], in.path + ".to") : std::string("compute");
}

} // namespace

const StageKeys& TransferStageParams::keys()
{
  static const StageKeys keys{{{"flops", nullptr, "bytes"},
                               {"bytes", read_bytes},
                               {"objects"},
                               {"access"},
                               {"tier", nullptr, "from"},
                               {"from", read_from},
                               {"to", read_to}}};
  return keys;
}

} // namespace dcflow
