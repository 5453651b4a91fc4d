// The keys of read and write stages: their bytes, the tier they use, and which of how many objects they touch.
#include "scenario/load_sections.hpp"
#include "scenario/stages/stage_keys.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>

namespace dcflow {
namespace {

void read_tier(const StageInput& in)
{
  in.params<StorageStageParams>().tier =
      tier_reference(in.reader, in.scenario, in.reader.required(in.node, "tier", in.path), in.path + ".tier");
}

void read_objects(const StageInput& in)
{
  if (in.node["objects"])
    in.params<StorageStageParams>().objects = in.reader.integer(in.node["objects"], in.path + ".objects", 1);
}

void read_access(const StageInput& in)
{
  if (in.node["access"])
    in.params<StorageStageParams>().uniform_access =
        in.reader.choice(in.node["access"], in.path + ".access", {"sequential", "uniform"}) == "uniform";
}

// A read or write stage against its tier: a cache needs to know the objects, and an object or dfs tier (also
// behind a cache) cuts the stage into requests or blocks, one simulated activity each: bound how many a
// job's stage takes on average.
void check_tier_use(const StageInput& in)
{
  const Stage& stage              = in.stage;
  const StorageStageParams& usage = stage.storage();
  if (in.scenario.tiers[usage.tier].cache() && usage.objects == 0)
    in.reader.fail(in.node, in.path,
                   "stage '" + stage.name + "' uses cache tier '" + in.scenario.tiers[usage.tier].name +
                       "': say how many distinct objects it touches with 'objects: N'");
  const StorageTier* io = &in.scenario.tiers[usage.tier];
  if (io->cache())
    io = &in.scenario.tiers[io->backing];
  if (io->kind == TierKind::Object || io->kind == TierKind::Dfs) {
    bool object                 = io->kind == TierKind::Object;
    double piece                = object ? io->object.request_size : io->dfs.block_size;
    double pieces               = stage.amount.mean() / piece;
    constexpr double kMaxPieces = 1e6;
    if (pieces > kMaxPieces)
      in.reader.fail(in.node["bytes"], in.path + ".bytes",
                     fmt::format("stage '{}' would cut {:g} bytes into {:g} {} of {:g} bytes (tier '{}'); more "
                                 "than {:g} per stage is not supported: raise 'storage.{}.{}'",
                                 stage.name, stage.amount.mean(), pieces, object ? "requests" : "blocks", piece,
                                 io->name, kMaxPieces, io->name, object ? "request_size" : "block_size"));
  }
}

} // namespace

const StageKeys& StorageStageParams::keys()
{
  static const StageKeys keys{{{"flops", nullptr, "bytes"},
                               {"bytes", read_bytes},
                               {"from", nullptr, "tier"},
                               {"to", nullptr, "tier"},
                               {"tier", read_tier},
                               {"objects", read_objects},
                               {"access", read_access}},
                              check_tier_use};
  return keys;
}

} // namespace dcflow
