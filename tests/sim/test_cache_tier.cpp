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
  // Each miss writes its 100 MB object into the cache disk; no write stage ran.
  REQUIRE_THAT(tier.fill_bytes, WithinRel(2e8, 1e-12));
  REQUIRE(tier.bytes_written == 0);
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
  REQUIRE_THAT(tier.fill_bytes, WithinRel(10 * 1e8, 1e-12));
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

namespace {

// Three compute nodes with a cache each in front of a disk on node-4 (dfs_cluster.xml); 6 jobs at time 0
// read objects 0, 1, 0, 1, 0, 1. Wave 1: jobs 0, 1, 2 on nodes 0, 1, 2, all missing, all alike, so they
// end at the same instant: node 0 then holds object 0, node 1 object 1, node 2 object 0. Wave 2: jobs 3
// (object 1), 4 (object 0) and 5 (object 1) start together on the three free nodes.
dcflow::test::Run two_waves(const std::string& policy)
{
  return dcflow::test::simulate(R"(
name: cache-locality
platform: dfs_cluster.xml
hosts: {compute: "node-[0-2]", storage: node-4}
storage:
  dataset: {hosts: storage, disk: {read: 1GBps, write: 1GBps}}
  local: {kind: nvme, hosts: compute, capacity: 1GB, backing: dataset}
scheduling: {policy: )" + policy + R"(}
workload:
  jobs: 6
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: local, objects: 2}}}
)");
}

} // namespace

TEST_CASE("cache tier: locality sends a job to a node whose cache holds its object")
{
  // Wave 2 under locality: job 3 finds object 1 on node 1, job 4 object 0 on node 0 (the first of nodes
  // 0 and 2), job 5 finds node 1 taken and falls back to node 2, which holds object 0 only: 2 hits.
  auto run = two_waves("locality");
  REQUIRE(run.results.tiers[1].hits == 2);
  REQUIRE(run.results.tiers[1].misses == 4);
}

TEST_CASE("cache tier: fifo ignores cache contents")
{
  // Wave 2 under fifo: jobs 3, 4, 5 on nodes 0, 1, 2 in order, each holding the other object: 0 hits.
  auto run = two_waves("fifo");
  REQUIRE(run.results.tiers[1].hits == 0);
  REQUIRE(run.results.tiers[1].misses == 6);
}
