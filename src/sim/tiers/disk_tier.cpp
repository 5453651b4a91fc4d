// A disk tier: each host of its role has a disk; a job reads or writes on the disk of the host serving it
// (its own for the compute role, else host id mod n). A cache in front of it fetches a miss by reading that
// disk and shipping the bytes to the cache host with the stage's transfer settings. A disk that is down (a
// `tier:` failure group, disk_outages.hpp) makes the stage's I/O throw DataUnavailable when it starts: the job
// waits for the disk's return.
#include "sim/recorder.hpp"
#include "sim/stages/wire.hpp"
#include "sim/tier_service.hpp"
#include "sim/tiers/disk_outages.hpp"
#include "sim/world.hpp"

#include <memory>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class DiskTier : public TierService {
public:
  DiskTier(SimContext sim, int tier) : TierService(sim, tier), disks_(sim, tier) {}

  // Its disks' outages; its hosts' own failures are the jobs' concern only.
  FailureObserver* watch_failures() override { return &disks_; }

  void plan_read(const StageContext& stage, StageRun& run) override { plan_io(stage, run, true); }
  void plan_write(const StageContext& stage, StageRun& run) override { plan_io(stage, run, false); }

  void plan_fetch(const StageContext& stage, sg4::Host* client, StageRun& run) override
  {
    World& world        = sim_.world;
    std::size_t from    = world.serving_index(tier().role, stage.job.id, stage.host());
    int disk            = world.tier_disks(tier_)[from];
    double amount       = stage.amount();
    run.record.resource = disk; // the disk that served the bytes
    run.record.uses     = ResourceClass::DiskRead;
    run.record.tier     = tier_;
    const DiskOutages& outages = disks_;
    run.steps.push_back(Step::starting([&world, &outages, from, disk, amount](ActivitySink& sink) {
      outages.check(from);
      sink.add(world.disk(disk)->read_async(static_cast<sg_size_t>(amount)));
      return 1;
    }));
    sg4::Host* src = world.role(tier().role)[from];
    if (src == client)
      return;
    // The bytes cross the network to the cache host: recorded on the route, not in the stage's record.
    struct Wire {
      int route    = -1;
      double bytes = 0, start = 0, end = 0;
    };
    auto wire                 = std::make_shared<Wire>();
    const TransferSettings& t = stage.transfer(world.scenario());
    auto start                = [&world, wire, src, client, amount, &t](ActivitySink& sink) {
      wire->route = world.route_index(src, client);
      wire->bytes = wire_bytes(amount, t);
      wire->start = sg4::Engine::get_clock();
      return start_wire(sink, src, client, wire->bytes, t);
    };
    run.steps.push_back(Step::starting(start, [wire] { wire->end = sg4::Engine::get_clock(); }));
    Recorder& recorder = sim_.recorder;
    run.on_finish.push_back(
        [&recorder, wire](double) { recorder.wire(wire->route, wire->bytes, wire->start, wire->end); });
  }

private:
  void plan_io(const StageContext& stage, StageRun& run, bool read)
  {
    World& world        = sim_.world;
    std::size_t node    = world.serving_index(tier().role, stage.job.id, stage.host());
    int disk            = world.tier_disks(tier_)[node];
    auto size           = static_cast<sg_size_t>(stage.amount());
    run.record.resource = disk;
    run.record.uses     = read ? ResourceClass::DiskRead : ResourceClass::DiskWrite;
    run.record.tier     = tier_;
    const DiskOutages& outages = disks_;
    run.steps.push_back(Step::starting([&world, &outages, node, disk, size, read](ActivitySink& sink) {
      outages.check(node);
      sg4::Disk* d = world.disk(disk);
      sink.add(read ? sg4::ActivityPtr(d->read_async(size)) : sg4::ActivityPtr(d->write_async(size)));
      return 1;
    }));
  }

  DiskOutages disks_; // which of its disks are down
};

} // namespace

std::unique_ptr<TierService> make_disk_tier(SimContext sim, int tier)
{
  return std::make_unique<DiskTier>(sim, tier);
}

} // namespace dcflow
