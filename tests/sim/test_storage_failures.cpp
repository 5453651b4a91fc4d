// Storage tiers under failures (README "Failures", "Storage tiers") against hand-worked timelines, on
// dfs_cluster.xml (test_dfs.cpp): five 1-Gflops nodes, each on its own split-duplex 1.25 GBps link with 50 us
// latency to a backbone that never limits. node-0 computes, node-[1-4] are the data nodes (tier indices 0-3).
// A lone 100 MB block between two nodes takes kBlockFlow = 13.01 x 100 us + 1e8 / (0.97 x 1.25e9) under LV08
// (its acknowledgements load the reverse route's links, which no flow of its own uses); with 10 GBps disks the
// disk side (0.01 s) never sets the pace. Where the replicas are comes from block_replicas
// (storage/block_placement.hpp, checked by hand in tests/unit), so each test knows which node to fail.
// Every run also checks the job invariant (Simulation::run throws otherwise) and the storage invariant: every
// block written is readable at the end unless every replica's host is down then.
#include "sim_support.hpp"
#include "storage/block_placement.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kBlock     = 100e6;
constexpr double kBlockFlow = 13.01 * 100e-6 + kBlock / (0.97 * 1.25e9);
// Both hops of a 2-replica write pipeline: each shares a link with the other hop's acknowledgements (test_dfs.cpp).
constexpr double kChainedBlockFlow = 13.01 * 100e-6 + kBlock / (0.97 * 1.25e9 / 1.05);

std::string data_node(std::size_t index)
{
  return "node-" + std::to_string(index + 1);
}

// One job (id 0, so its object is 0) on node-0 with `stages`, replication `r`, and `failures` (a YAML map).
dcflow::test::Run storage_job(int r, const std::string& stages, const std::string& failures)
{
  return dcflow::test::simulate(fmt::format(R"(
name: dfs_failures
platform: dfs_cluster.xml
hosts: {{compute: node-0, data: "node-[1-4]"}}
storage:
  hdfs: {{kind: dfs, hosts: data, block_size: 100MB, replication: {}, placement: spread,
          disk: {{read: 10GBps, write: 10GBps}}}}
workload:
  arrival: all
  jobs: 1
  classes:
    io: {{stages: {{{}}}}}
failures:
  resources: {}
)",
                                            r, stages, failures),
                                {});
}

void check_storage_invariant(const dcflow::test::Run& run)
{
  const auto& s = run.records.storage_failures;
  REQUIRE(s.blocks_lost <= s.blocks_written);
  REQUIRE(s.bytes_lost <= s.bytes_written);
  for (const auto& job : run.records.jobs)
    if (job.status == dcflow::JobStatus::Failed)
      REQUIRE_FALSE(job.cause.empty());
}

} // namespace

TEST_CASE("dfs: a read fails over to the surviving replica when one replica's host is down")
{
  // 1 GB of object 0 = 10 blocks at replication 2. The job first computes 1 Gf (1 s), so the read starts at
  // 1 s; the first replica's host of block 0 (node F) fails at 0.5 s for good. Every block is read from its
  // first replica whose host is up (equal latencies: the first in replica order): remote, one block at a time,
  // kBlockFlow each. End: 1 + 10 x kBlockFlow = 1.837752 s, the same as without the failure since every
  // replica is one hop away; what shows the fail-over is where the bytes came from: nothing from F's disk, and
  // one fail-over per block whose first replica is on F.
  std::size_t failed     = dcflow::block_replicas(0, 0, 4, 2).front();
  int expected_failovers = 0;
  for (int b = 0; b < 10; ++b)
    expected_failovers += dcflow::block_replicas(0, b, 4, 2).front() == failed ? 1 : 0;
  auto run = storage_job(2,
                         "think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 1GB, tier: hdfs, "
                         "after: [think]}",
                         "{dn: {hosts: " + data_node(failed) + ", profile: ../data/failures/down_0.5.txt}}");
  check_storage_invariant(run);
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 0);
  REQUIRE_THAT(job.end, WithinRel(1 + 10 * kBlockFlow, 1e-6));
  REQUIRE(run.records.storage_failures.reads_failed_over == expected_failovers);
  REQUIRE(expected_failovers >= 1);
  for (const auto& work : run.records.side_work)
    if (work.uses == dcflow::ResourceClass::DiskRead)
      REQUIRE(run.records.disks[static_cast<std::size_t>(work.resource)].name.rfind(data_node(failed) + ":", 0) != 0);
}

TEST_CASE("dfs: with replication 1 a read whose only replica's host is down for good fails with its cause")
{
  // Block 0 of object 0 has one replica, on node F, which fails at 0.5 s and never returns. The read starts at
  // 1 s and finds no live replica: the job fails at once (no host will bring the data back, so it is not
  // re-queued) with the block, the object and the host in its cause.
  std::size_t failed = dcflow::block_replicas(0, 0, 4, 1).front();
  auto run           = storage_job(1,
                                   "think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 100MB, tier: hdfs, "
                                             "after: [think]}",
                                   "{dn: {hosts: " + data_node(failed) + ", profile: ../data/failures/down_0.5.txt}}");
  check_storage_invariant(run);
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.retries == 0);
  REQUIRE(job.cause == "block 0 of object 0: every replica's host (" + data_node(failed) + ") is down");
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(1, 1e-9));
  REQUIRE(run.results.failures.jobs_failed == 1);
}

TEST_CASE("dfs: a read waits for its replica's host to return, then completes")
{
  // As above, but F returns at 0.5 + 10 = 10.5 s: the job goes back to the queue (one retry, the 1 s of compute
  // lost) and runs again at 10.5 s: 1 s of compute, then the block from F, kBlockFlow: it ends at
  // 11.5 + kBlockFlow = 11.583775 s.
  std::size_t failed = dcflow::block_replicas(0, 0, 4, 1).front();
  auto run           = storage_job(1,
                                   "think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 100MB, tier: hdfs, "
                                             "after: [think]}",
                                   "{dn: {hosts: " + data_node(failed) + ", profile: ../data/failures/down_0.5_10.5.txt}}");
  check_storage_invariant(run);
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.lost_work, WithinAbs(1, 1e-9));
  REQUIRE_THAT(job.start, WithinAbs(10.5, 1e-9));
  REQUIRE_THAT(job.end, WithinRel(11.5 + kBlockFlow, 1e-6));
}

namespace {

// The job writes one 100 MB block (object 0) at 0 and computes for 10 s; the block's first replica's host F
// fails at 5 s for good. At the end (10 s + the write) F is down.
void written_block_with_one_host_down(int r)
{
  std::size_t failed = dcflow::block_replicas(0, 0, 4, r).front();
  auto run           = storage_job(r,
                                   "save: {kind: write, bytes: 100MB, tier: hdfs}, think: {kind: compute, flops: 10Gf, "
                                             "after: [save]}",
                                   "{dn: {hosts: " + data_node(failed) + ", profile: ../data/failures/down_5.txt}}");
  check_storage_invariant(run);
  const auto& s = run.records.storage_failures;
  REQUIRE(s.blocks_written == 1);
  REQUIRE_THAT(s.bytes_written, WithinRel(kBlock, 1e-12));
  REQUIRE(s.blocks_lost == (r == 1 ? 1 : 0));
  REQUIRE_THAT(s.bytes_lost, WithinAbs(r == 1 ? kBlock : 0, 1e-3));
  REQUIRE(run.results.failures.storage.blocks_lost == s.blocks_lost);
}

} // namespace

TEST_CASE("dfs: a written block survives one replica's host at replication 2")
{
  // Still readable from its second replica: nothing lost.
  written_block_with_one_host_down(2);
}

TEST_CASE("dfs: a written block is lost with its host at replication 1")
{
  // Its only replica's host is down at the end: 1 block, 100 MB lost.
  written_block_with_one_host_down(1);
}

TEST_CASE("dfs: a node down past HDFS's dead-node interval has its blocks re-replicated as flows")
{
  // The job writes one 100 MB block at replication 2 from node-0 (a pipeline node-0 -> A -> B: each hop
  // kChainedBlockFlow, together) and then computes 1000 s. A (the first replica's host) fails at 10 s and stays
  // down: the namenode declares it dead at 10 + 630 s = 640 s (hdfs-default.xml: 2 x 300 s recheck + 10 x 3 s
  // heartbeats) and the block is copied from B to the next live node of the block's spread order that lacks it,
  // C: a disk read, a lone flow and a disk write at once, kBlockFlow. Nothing is lost; 100 MB re-replicated; the
  // run still ends with the job, at kChainedBlockFlow + 1000 s.
  auto order         = dcflow::block_replicas(0, 0, 4, 4);
  std::size_t failed = order[0];
  auto run           = storage_job(2,
                                   "save: {kind: write, bytes: 100MB, tier: hdfs}, think: {kind: compute, flops: 1000Gf, "
                                             "after: [save]}",
                                   "{dn: {hosts: " + data_node(failed) + ", profile: ../data/failures/down_10.txt}}");
  check_storage_invariant(run);
  const auto& s = run.records.storage_failures;
  REQUIRE(s.blocks_re_replicated == 1);
  REQUIRE_THAT(s.re_replicated_bytes, WithinRel(kBlock, 1e-12));
  REQUIRE(s.blocks_lost == 0);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(kChainedBlockFlow + 1000, 1e-9));
  // The copy's flow: from B (order[1]) to C (order[2]) over 640 s .. 640 s + kBlockFlow.
  int copies = 0;
  for (const auto& work : run.records.side_work)
    if (work.uses == dcflow::ResourceClass::Route && work.wire_start > 600) {
      ++copies;
      REQUIRE_THAT(work.wire_start, WithinAbs(640, 1e-9));
      REQUIRE_THAT(work.wire_end - work.wire_start, WithinRel(kBlockFlow, 1e-6));
    }
  REQUIRE(copies == 1);
  for (const auto& work : run.records.side_work)
    if (work.uses == dcflow::ResourceClass::DiskWrite && work.start > 600)
      REQUIRE(run.records.disks[static_cast<std::size_t>(work.resource)].name.rfind(data_node(order[2]) + ":", 0) == 0);
}

TEST_CASE("cache tier: a cache whose host fails loses its contents and the next reads miss")
{
  // test_cache_tier.cpp's setup: one compute host dst-0 with a 200 MB cache in front of a disk tier on src;
  // ten jobs read objects 0, 1, 0, 1, ... one after another. A miss takes kMiss = 0.2196079 s, a hit 0.01 s.
  // Jobs 0 and 1 miss (to 0.4392158 s); dst-0 fails at 0.444 s, during job 2's hit (which is re-queued), and
  // is back at 1.444 s with its cache empty: 2 objects (200 MB) lost. The eight jobs left then miss twice (the
  // first read of each object) and hit six times: 4 misses, and 7 hits counting the interrupted attempt's (a
  // hit is counted when its read begins); the run ends at 1.444 + 2 x kMiss + 6 x 0.01 s = 1.9432158 s.
  constexpr double kMiss = 0.1 + 13.01 * 1e-3 + 1.05 * 1e8 / (0.97 * 1.25e9) + 0.02;
  auto run               = dcflow::test::simulate(R"(
name: cache_failure
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  dataset: {hosts: storage}
  local: {kind: cache, hosts: compute, capacity: 200MB, backing: dataset, disk: {read: 10GBps, write: 5GBps}}
workload:
  jobs: 10
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: local, objects: 2}}}
failures:
  resources:
    dst: {hosts: dst-0, profile: ../data/failures/down_0.444_1.444.txt}
)");
  const auto& tier       = run.results.tiers[1];
  REQUIRE(tier.misses == 4);
  REQUIRE(tier.hits == 7);
  REQUIRE(run.records.storage_failures.cache_objects_lost == 2);
  REQUIRE_THAT(run.records.storage_failures.cache_bytes_lost, WithinRel(2e8, 1e-12));
  REQUIRE(run.results.failures.jobs_retried == 1);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(1.444 + 2 * kMiss + 6 * 0.01, 1e-6));
}

namespace {

// An object store with two gateways, node-1 and node-2, read by one job on node-0 that computes 1 s first.
// 400 MB in 100 MB requests over 2 connections capped at 50 MBps, 100 ms to first byte, no request-rate limit:
// each connection moves 2 requests one after the other, 0.1 + 13.01 x 100 us + 1e8 / 5e7 = 2.101301 s each
// (test_object_store.cpp's formula on this platform's 100 us routes).
dcflow::test::Run object_read(const std::string& failures)
{
  return dcflow::test::simulate(R"(
name: object_failures
platform: dfs_cluster.xml
hosts: {compute: node-0, gateways: "node-[1-2]"}
storage:
  s3: {kind: object, hosts: gateways, first_byte_latency: 100ms, request_size: 100MB, connections: 2,
       connection_bandwidth: 50MBps, request_rate: 0}
workload:
  arrival: all
  jobs: 1
  classes:
    get: {stages: {think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 400MB, tier: s3, after: [think]}}}
failures:
  resources: )" + failures + R"(
)");
}

constexpr double kRequest = 0.1 + 13.01 * 100e-6 + 1e8 / 5e7;

} // namespace

TEST_CASE("object store: with one gateway's host down the other gateway serves every request")
{
  // node-2 fails at 0.5 s for good. The read starts at 1 s with both connections on node-1 (each capped at
  // 50 MBps, far below node-1's 1.25 GBps link): 1 + 2 x 2.101301 = 5.202602 s, and every byte leaves node-1.
  auto run        = object_read("{gw: {hosts: node-2, profile: ../data/failures/down_0.5.txt}}");
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE_THAT(job.end, WithinRel(1 + 2 * kRequest, 1e-6));
  int requests = 0;
  for (const auto& work : run.records.side_work)
    if (work.uses == dcflow::ResourceClass::Route) {
      ++requests;
      const auto& links = run.records.routes[static_cast<std::size_t>(work.resource)];
      REQUIRE(run.records.links[static_cast<std::size_t>(links.front())].name == "dfs_link_1_UP"); // node-1's up link
    }
  REQUIRE(requests == 4);
}

TEST_CASE("object store: with every gateway's host down for good the job fails with its cause")
{
  auto run        = object_read("{gw1: {hosts: node-1, profile: ../data/failures/down_0.5.txt}, "
                                       "gw2: {hosts: node-2, profile: ../data/failures/down_0.5.txt}}");
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "object store 's3': every gateway host is down");
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(1, 1e-9));
}

// Disk failures (a `tier:` failure group): the tier's disk on a host is down for storage only; the host computes on.

TEST_CASE("disk failure: a dfs read fails over when one replica's disk fails, and that host keeps computing")
{
  // One rigid job on node-0 and node F (the compute role), F being the data node holding the first replica of
  // block 0 of object 0 at replication 2. Its 2 Gf of compute are split over its two hosts (1 s each); the
  // disk of tier hdfs on F fails at 0.5 s for good, while F computes: the job is not interrupted (a host failure
  // would have re-queued it). Then it reads 1 GB = 10 blocks on its first host, node-0, each from the first
  // replica whose disk is up, as in the host-failure test: 1 + 10 x kBlockFlow = 1.837752 s, nothing from F's
  // disk, one fail-over per block whose first replica is on F.
  std::size_t failed     = dcflow::block_replicas(0, 0, 4, 2).front();
  int expected_failovers = 0;
  for (int b = 0; b < 10; ++b)
    expected_failovers += dcflow::block_replicas(0, b, 4, 2).front() == failed ? 1 : 0;
  auto run = dcflow::test::simulate(fmt::format(R"(
name: dfs_disk_failure
platform: dfs_cluster.xml
hosts: {{compute: "node-[0,{}]", data: "node-[1-4]"}}
storage:
  hdfs: {{kind: dfs, hosts: data, block_size: 100MB, replication: 2, placement: spread,
          disk: {{read: 10GBps, write: 10GBps}}}}
workload:
  arrival: all
  jobs: 1
  classes:
    io:
      hosts: 2
      stages: {{think: {{kind: compute, flops: 2Gf}}, load: {{kind: read, bytes: 1GB, tier: hdfs, after: [think]}}}}
failures:
  resources:
    drive: {{tier: hdfs, hosts: {}, profile: ../data/failures/down_0.5.txt}}
)",
                                                failed + 1, data_node(failed)));
  check_storage_invariant(run);
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 0);
  REQUIRE(job.hosts.size() == 2);
  REQUIRE_THAT(job.end, WithinRel(1 + 10 * kBlockFlow, 1e-6));
  REQUIRE(run.records.storage_failures.reads_failed_over == expected_failovers);
  REQUIRE(expected_failovers >= 1);
  for (const auto& work : run.records.side_work)
    if (work.uses == dcflow::ResourceClass::DiskRead)
      REQUIRE(run.records.disks[static_cast<std::size_t>(work.resource)].name.rfind(data_node(failed) + ":", 0) != 0);
  const auto& f = run.results.failures;
  REQUIRE(f.classes.size() == 3);
  REQUIRE(f.classes[2].name == "disks");
  REQUIRE(f.classes[2].failures == 1);
  REQUIRE(f.classes[2].resources == 1);
  REQUIRE_THAT(f.classes[2].downtime_s, WithinRel(job.end - 0.5, 1e-9));
  REQUIRE(f.classes[0].failures == 0); // no host failed
}

namespace {

// One job on node-0: 1 Gf of compute (1 s), then a 1 GB read from the disk tier 'scratch' on node-1 (1 GB/s:
// 1 s; a read stage leaves the bytes at the disk's host), whose disk fails as tests/data/failures/<profile> says.
dcflow::test::Run disk_tier_job(const std::string& profile)
{
  return dcflow::test::simulate(R"(
name: disk_tier_failure
platform: dfs_cluster.xml
hosts: {compute: node-0, storage: node-1}
storage:
  scratch: {hosts: storage, disk: {read: 1GBps, write: 1GBps}}
workload:
  arrival: all
  jobs: 1
  classes:
    io: {stages: {think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 1GB, tier: scratch, after: [think]}}}
failures:
  resources:
    drive: {tier: scratch, profile: ../data/failures/)" +
                                profile + "}\n");
}

} // namespace

TEST_CASE("disk failure: a job whose disk tier's disk is down waits for the disk's return and runs again")
{
  // The disk fails at 0.5 s, while the job computes on node-0 (not interrupted), and is back at 10.5 s. The read
  // starts at 1 s and finds its disk down: the job goes back to the queue until 10.5 s (one retry, 1 host-s lost),
  // then runs whole: 10.5 + 1 + 1 = 12.5 s.
  auto run = disk_tier_job("down_0.5_10.5.txt");
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.lost_work, WithinAbs(1, 1e-9));
  REQUIRE_THAT(job.start, WithinAbs(10.5, 1e-9));
  REQUIRE_THAT(job.end, WithinAbs(12.5, 1e-9));
  REQUIRE(run.results.failures.classes.at(2).failures == 1);
  REQUIRE_THAT(run.results.failures.classes.at(2).downtime_s, WithinAbs(10, 1e-9));
}

TEST_CASE("disk failure: a job whose disk tier's disk never returns fails with the disk's cause")
{
  // As above, but the disk never returns: the read at 1 s fails the job at once, with the disk, its host and its
  // tier in the cause; the run ends then.
  auto run = disk_tier_job("down_0.5.txt");
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.retries == 0);
  REQUIRE(job.cause == "disk dcflow-scratch of node-1 (tier 'scratch') failed at 0.5 s");
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(1, 1e-9));
  REQUIRE(run.results.failures.jobs_failed == 1);
  REQUIRE(run.results.failures.failed_jobs.at(0).second == job.cause);
}

TEST_CASE("disk failure: a cache whose disk fails loses its contents and is bypassed while the host computes on")
{
  // The cache test above, but the cache's disk on dst-0 fails at 0.444 s for good, not the host. Jobs 0 and 1
  // miss (to 0.4392158 s) and fill the cache; job 2's hit is already reading when the disk fails and completes
  // (an I/O in flight finishes), at 0.4492158 s: nobody is re-queued, the host computes on. The cache's 2
  // objects (200 MB) are lost; the 7 jobs left miss and are served from the backing tier without a fill (no
  // cache disk to write to): kMiss - 0.02 s each (the 100 MB fill at 5 GB/s is skipped). 9 misses, 1 hit, 200 MB
  // filled; the run ends at 2 x kMiss + 0.01 + 7 x (kMiss - 0.02) s.
  constexpr double kMiss = 0.1 + 13.01 * 1e-3 + 1.05 * 1e8 / (0.97 * 1.25e9) + 0.02;
  auto run               = dcflow::test::simulate(R"(
name: cache_disk_failure
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  dataset: {hosts: storage}
  local: {kind: cache, hosts: compute, capacity: 200MB, backing: dataset, disk: {read: 10GBps, write: 5GBps}}
workload:
  jobs: 10
  classes:
    epoch: {stages: {load: {kind: read, bytes: 100MB, tier: local, objects: 2}}}
failures:
  resources:
    nvme: {tier: local, profile: ../data/failures/down_0.444.txt}
)");
  const auto& tier = run.results.tiers[1];
  REQUIRE(tier.misses == 9);
  REQUIRE(tier.hits == 1);
  REQUIRE_THAT(tier.fill_bytes, WithinRel(2e8, 1e-12));
  REQUIRE(run.records.storage_failures.cache_objects_lost == 2);
  REQUIRE_THAT(run.records.storage_failures.cache_bytes_lost, WithinRel(2e8, 1e-12));
  REQUIRE(run.results.failures.jobs_retried == 0);
  REQUIRE(run.results.completed == 10);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2 * kMiss + 0.01 + 7 * (kMiss - 0.02), 1e-6));
}

TEST_CASE("disk failure: with replication 1 a dfs read whose only replica's disk is down for good fails with its cause")
{
  // As the host-failure case: block 0 of object 0 has one replica, on node F, whose hdfs disk fails at 0.5 s and
  // never returns. The read at 1 s finds no live replica: the job fails then, the cause naming host or disk.
  std::size_t failed = dcflow::block_replicas(0, 0, 4, 1).front();
  auto run           = storage_job(1,
                                   "think: {kind: compute, flops: 1Gf}, load: {kind: read, bytes: 100MB, tier: hdfs, "
                                             "after: [think]}",
                                   "{drive: {tier: hdfs, hosts: " + data_node(failed) +
                                       ", profile: ../data/failures/down_0.5.txt}}");
  check_storage_invariant(run);
  const auto& job = run.records.jobs.at(0);
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "block 0 of object 0: every replica's host or disk (" + data_node(failed) + ") is down");
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(1, 1e-9));
}
