// A cache tier: an LRU cache of objects on each host of its role, in front of a backing tier. A read hit reads
// the cache disk; a miss fetches the object from the backing tier into the cache host (the backing tier's own
// steps) and writes it to the cache disk, evicting least recently used objects. A write goes to the cache
// disk only (no write-back). A cache whose host fails loses its contents (tiers/cache_outages.hpp): the next
// reads miss, and a fill begun before the failure is not kept. While a cache's disk is down (a `tier:` failure
// group) reads bypass it (a miss served from the backing tier, no fill) and writes wait for it.
#include "sim/recorder.hpp"
#include "sim/tier_service.hpp"
#include "sim/tiers/cache_outages.hpp"
#include "sim/world.hpp"
#include "storage/lru_cache.hpp"

#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class CacheTier : public TierService {
public:
  CacheTier(SimContext sim, int tier) : TierService(sim, tier), outages_(sim, tier, caches_)
  {
    RunRecords& records = sim.recorder.records();
    record_             = static_cast<int>(records.caches.size());
    records.caches.push_back(CacheRecord{this->tier().name});
    caches_.assign(sim.world.tier_disks(tier).size(), LruCache(this->tier().capacity));
  }

  void plan_read(const StageContext& stage, StageRun& run) override
  {
    std::size_t which  = which_host(stage);
    LruCache& cache    = caches_[which];
    std::int64_t obj   = stage.object();
    int disk           = sim_.world.tier_disks(tier_)[which];
    CacheRecord& stats = sim_.recorder.cache(record_);
    if (!outages_.disk_down(which) && cache.lookup(obj)) {
      ++stats.hits;
      run.record.resource = disk;
      run.record.uses     = ResourceClass::DiskRead;
      run.record.tier     = tier_;
      World& world        = sim_.world;
      auto size           = static_cast<sg_size_t>(stage.amount());
      run.steps.push_back(Step::starting([&world, disk, size](ActivitySink& sink) {
        sink.add(world.disk(disk)->read_async(size));
        return 1;
      }));
      return;
    }
    ++stats.misses;
    sim_.tiers[tier().backing].plan_fetch(stage, sim_.world.role(tier().role)[which], run);
    fill(stage, run, which, /*read=*/true);
  }

  void plan_write(const StageContext& stage, StageRun& run) override
  {
    std::size_t which   = which_host(stage);
    run.record.resource = sim_.world.tier_disks(tier_)[which];
    run.record.uses     = ResourceClass::DiskWrite;
    run.record.tier     = tier_;
    fill(stage, run, which, /*read=*/false);
  }

  FailureObserver* watch_failures() override { return &outages_; }

  void plan_fetch(const StageContext&, sg4::Host*, StageRun&) override
  {
    throw std::logic_error("a cache tier cannot back another (the loader refuses it)");
  }

  // On the compute role: the hosts whose cache holds the stage's object.
  void data_hosts(const JobSpec& job, std::size_t s, std::vector<std::size_t>& out) const override
  {
    if (tier().role != "compute") {
      TierService::data_hosts(job, s, out);
      return;
    }
    for (std::size_t h = 0; h < caches_.size(); ++h)
      if (caches_[h].contains(job.object_of(s)))
        out.push_back(h);
  }

private:
  std::size_t which_host(const StageContext& stage) const
  {
    return sim_.world.serving_index(tier().role, stage.job.id, stage.host());
  }

  // The write into the cache disk, and once the stage is done, the object into the cache. A read miss's fill
  // is the cache disk's own work (the stage's record names the backing tier that served it).
  void fill(const StageContext& stage, StageRun& run, std::size_t which, bool read)
  {
    World& world   = sim_.world;
    int disk       = world.tier_disks(tier_)[which];
    double amount  = stage.amount();
    auto fill_from = std::make_shared<double>(0); // -1: no fill, the cache disk is down
    const CacheOutages& outages = outages_;
    run.steps.push_back(Step::starting([&world, &outages, which, disk, amount, fill_from, read](ActivitySink& sink) {
      if (outages.disk_down(which)) {
        if (!read)
          outages.check(which); // a write has nowhere to go: the job waits for the disk
        *fill_from = -1;        // a read miss bypasses the cache
        return 0;
      }
      *fill_from = sg4::Engine::get_clock();
      sink.add(world.disk(disk)->write_async(static_cast<sg_size_t>(amount)));
      return 1;
    }));
    Recorder& recorder = sim_.recorder;
    if (read)
      run.on_finish.push_back([&recorder, disk, amount, fill_from](double now) {
        if (*fill_from >= 0)
          recorder.disk_work(StageKind::Write, disk, amount, *fill_from, now);
      });
    LruCache* cache         = &caches_[which];
    std::int64_t obj        = stage.object();
    int record              = record_;
    CacheOutages* cache_outages = &outages_;
    std::int64_t generation = outages_.generation(which);
    run.on_finish.push_back([&recorder, cache, obj, amount, record, read, cache_outages, which, generation,
                             fill_from](double) {
      if (*fill_from < 0)
        return; // bypassed: nothing was written to the cache
      CacheRecord& stats  = recorder.cache(record);
      if (read)
        stats.fill_bytes += amount;
      if (cache_outages->generation(which) != generation)
        return; // the host failed since the fill began: what it wrote is gone
      std::int64_t before = cache->evictions();
      if (!cache->insert(obj, amount))
        ++stats.bypassed;
      stats.evictions += cache->evictions() - before;
    });
  }

  std::vector<LruCache> caches_; // one per host of the tier's role
  int record_ = -1;              // index in RunRecords::caches
  CacheOutages outages_;         // empties a failed host's cache
};

} // namespace

std::unique_ptr<TierService> make_cache_tier(SimContext sim, int tier)
{
  return std::make_unique<CacheTier>(sim, tier);
}

} // namespace dcflow
