// A cache tier (memory or NVMe on the compute host) in front of a disk tier, against hand-worked times.
// lab.xml: the backing disk on "src" reads at 1 GBps; the wire is 1.25 GBps, 1 ms; the cache disk that
// dcflow creates on dst-0 reads at 10 GBps and writes at 5 GBps. Objects are 100 MB; one host, so jobs run
// one after another.
//   miss: backing read 0.1 s + ship 13.01 x 1 ms + 1.05 x 1e8 / (0.97 x 1.25e9) = 0.0996079 s
//         + cache write 1e8 / 5e9 = 0.02 s                                      = 0.2196079 s
//   hit:  cache read 1e8 / 1e10                                                 = 0.01 s
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;

namespace {

dcflow::test::Run cached_reads(const std::string& capacity)
{
  return dcflow::test::simulate(R"(
name: cache
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  dataset: {hosts: storage}
  local: {kind: cache, hosts: compute, capacity: )" +
                                capacity + R"(, backing: dataset,
          disk: {read: 10GBps, write: 5GBps}}
workload:
  jobs: 10
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: local, objects: 2}}}
)");
}

constexpr double kMiss = 0.1 + 13.01 * 1e-3 + 1.05 * 1e8 / (0.97 * 1.25e9) + 0.02;
constexpr double kHit  = 0.01;

} // namespace

TEST_CASE("cache tier: a dataset that fits is read from the backing tier once, then hits")
{
  // Objects 0, 1, 0, 1, ... (job id mod 2), room for 2: jobs 0 and 1 miss, the other 8 hit.
  auto run = cached_reads("200MB");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2 * kMiss + 8 * kHit, 1e-6));
  const auto& tier = run.results.tiers[1];
  REQUIRE(tier.name == "local");
  REQUIRE(tier.hits == 8);
  REQUIRE(tier.misses == 2);
  REQUIRE(tier.evictions == 0);
}

TEST_CASE("cache tier: a cache one object too small thrashes: every read misses")
{
  // Room for 1 object, reads alternate 0, 1, 0, 1: each fill evicts the other object, 10 misses, 9
  // evictions (the first fill finds the cache empty).
  auto run = cached_reads("100MB");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(10 * kMiss, 1e-6));
  const auto& tier = run.results.tiers[1];
  REQUIRE(tier.hits == 0);
  REQUIRE(tier.misses == 10);
  REQUIRE(tier.evictions == 9);
}

TEST_CASE("cache tier: in front of an object store, a miss is a GET into the cache host, then the fill")
{
  // The backing tier is an object store on "src": one 100 MB request at c = 50 MBps after f = 100 ms,
  // 0.1 + 13.01 x 1 ms + 1e8 / 5e7 = 2.11301 s, then the fill 0.02 s. Objects 0, 1, 0, 1, ... with room for
  // both: 2 misses, 8 hits of 0.01 s. The misses count as the object tier's reads and requests.
  auto run    = dcflow::test::simulate(R"(
name: cache-over-object
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  s3: {kind: object, hosts: storage, first_byte_latency: 100ms, request_size: 100MB, connections: 1,
       connection_bandwidth: 50MBps, request_rate: 0}
  nvme: {kind: cache, hosts: compute, capacity: 200MB, backing: s3, disk: {read: 10GBps, write: 5GBps}}
workload:
  jobs: 10
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: nvme, objects: 2}}}
)");
  double miss = 0.1 + 13.01e-3 + 1e8 / 5e7 + 0.02;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2 * miss + 8 * kHit, 1e-6));
  const auto& s3   = run.results.tiers[0];
  const auto& nvme = run.results.tiers[1];
  REQUIRE(s3.reads == 2);
  REQUIRE(s3.read_requests == 2);
  REQUIRE(nvme.hits == 8);
  REQUIRE(nvme.misses == 2);
}

TEST_CASE("cache tier: kind nvme without a disk gets a 7 GBps read, 3.5 GBps write drive per host")
{
  // As the first case with the default NVMe medium: a miss is the backing read 0.1 s + ship
  // 13.01 x 1 ms + 1.05 x 1e8 / (0.97 x 1.25e9) + fill 1e8 / 3.5e9; a hit 1e8 / 7e9.
  auto run    = dcflow::test::simulate(R"(
name: nvme-cache
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  dataset: {hosts: storage}
  local: {kind: nvme, hosts: compute, capacity: 200MB, backing: dataset}
workload:
  jobs: 10
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: local, objects: 2}}}
)");
  double miss = 0.1 + 13.01 * 1e-3 + 1.05 * 1e8 / (0.97 * 1.25e9) + 1e8 / 3.5e9;
  double hit  = 1e8 / 7e9;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2 * miss + 8 * hit, 1e-6));
  REQUIRE(run.results.tiers[1].kind == "cache");
  REQUIRE(run.results.tiers[1].hits == 8);
}
