// A distributed file system tier (kind: dfs) against hand-worked times. dfs_cluster.xml: five nodes, each on
// its own full-duplex 1.25 GBps link with 50 us latency to a backbone that never limits. A block of b bytes
// between two nodes is one flow over the sender's up link, the backbone and the receiver's down link. Under
// SimGrid's LV08 model it takes 13.01 x 100 us + b / rate, where the rate is 0.97 x 1.25 GBps, divided by
// 1.05 when a link of the flow also carries another flow's acknowledgements (SimGrid's cross-traffic: a
// flow loads the links of the reverse route with 5% of its rate; the transfer tests see the same 1.05 on
// their one shared link). A block's disk work runs at the same time as its flows (dfs streams), so a block
// lasts as long as its slowest activity.
#include "sim_support.hpp"
#include "storage/block_placement.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;

namespace {

constexpr double kBlock = 100e6;
// One 100 MB block, alone on its links: 0.0013010 + 0.0824742 = 0.0837752 s.
constexpr double kBlockFlow = 13.01 * 100e-6 + kBlock / (0.97 * 1.25e9);
// One 100 MB block whose links also carry a neighbouring hop's acknowledgements: 0.0878989 s.
constexpr double kChainedBlockFlow = 13.01 * 100e-6 + kBlock / (0.97 * 1.25e9 / 1.05);

dcflow::test::Run dfs_job(const std::string& hosts, const std::string& tier, const std::string& stages,
                          const std::string& workload = "jobs: 1", const std::string& policy = "fifo")
{
  return dcflow::test::simulate(R"(
name: dfs
platform: dfs_cluster.xml
hosts: )" + hosts + R"(
storage:
  hdfs: {kind: dfs, hosts: data, block_size: 100MB, )" +
                                tier + R"(}
scheduling: {policy: )" + policy +
                                R"(}
workload:
  )" + workload + R"(
  classes:
    io: {stages: {)" + stages + R"(}}
)");
}

// Bytes that crossed the network, and the duration of the job's stages of a kind.
double network_bytes(const dcflow::test::Run& run)
{
  double bytes = 0;
  for (const auto& a : run.records.side_work)
    if (a.kind == dcflow::StageKind::Transfer)
      bytes += a.wire_bytes;
  return bytes;
}

double stage_seconds(const dcflow::test::Run& run, dcflow::StageKind kind)
{
  double seconds = 0;
  for (const auto& a : run.records.activities)
    if (a.kind == kind)
      seconds += a.end - a.start;
  return seconds;
}

const std::string kOffCluster = "{compute: node-0, data: \"node-[1-4]\"}";
const std::string kFastDisks  = "disk: {read: 10GBps, write: 10GBps}";

} // namespace

TEST_CASE("dfs: a pipelined write to 3 replicas costs 5% more than a write to 1, not 3 times as much")
{
  // 1 GB = 10 blocks from node-0 (not a data node) to 3 replicas. Each block streams down the chain
  // node-0 -> r1 -> r2 -> r3 with every hop at once; each node sends once and receives once, so no two
  // hops share a link, but r1's and r2's links also carry the acknowledgements of the hop before or after
  // theirs: every hop runs at 0.97 B / 1.05 and a block takes kChainedBlockFlow (the 10 GBps disk writes
  // take 0.01 s alongside): 10 blocks 0.87899 s. A store-and-forward copy would take R times one hop.
  // Every replica crosses the network: 3 x 1 GB.
  auto run = dfs_job(kOffCluster, "replication: 3, placement: spread, " + kFastDisks,
                     "save: {kind: write, bytes: 1GB, tier: hdfs}");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(10 * kChainedBlockFlow, 1e-6));
  REQUIRE_THAT(network_bytes(run), WithinRel(3e9, 1e-12));
  REQUIRE(run.results.tiers[0].write_requests == 10);
}

TEST_CASE("dfs: a write to one replica is one lone flow per block")
{
  // As above with R = 1: one hop per block with nothing else on its links, 10 x kBlockFlow = 0.83775 s,
  // 1 GB on the network.
  auto run = dfs_job(kOffCluster, "replication: 1, placement: spread, " + kFastDisks,
                     "save: {kind: write, bytes: 1GB, tier: hdfs}");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(10 * kBlockFlow, 1e-6));
  REQUIRE_THAT(network_bytes(run), WithinRel(1e9, 1e-12));
}

TEST_CASE("dfs: a read from the local replica uses no network")
{
  // node-0 is a data node and writes with the writer placement (HDFS): the first replica of every block is
  // on node-0, the second on another node. Writing 10 blocks sends each once over the network (node-0 ->
  // r2): 1 GB. Reading the file back on node-0 finds every block locally: 10 disk reads of 100 MB at
  // 2 GBps = 0.5 s, and nothing more crosses the network.
  auto run = dfs_job("{compute: node-0, data: \"node-[0-3]\"}",
                     "replication: 2, placement: writer, disk: {read: 2GBps, write: 10GBps}",
                     "save: {kind: write, bytes: 1GB, tier: hdfs, objects: 1}, "
                     "load: {kind: read, bytes: 1GB, tier: hdfs, objects: 1, after: [save]}");
  REQUIRE_THAT(stage_seconds(run, dcflow::StageKind::Read), WithinRel(10 * kBlock / 2e9, 1e-9));
  REQUIRE_THAT(network_bytes(run), WithinRel(1e9, 1e-12));
}

TEST_CASE("dfs: a remote block's disk read and network flow overlap and the slower sets the pace")
{
  // node-0 holds no replica: each block comes from a data node, its disk read (100 MB at 0.5 GBps = 0.2 s)
  // and its flow (kBlockFlow = 0.0838 s) together: 0.2 s a block, 2.0 s for 10 blocks (not 2.838 s, as
  // read-then-send would take). SimGrid ends each block's disk read 0.8 ns after its 0.2 s (2.000000008 s in
  // all, measured; its remaining-work updates across the flow's completion are not exact): 1e-8 covers that.
  auto run = dfs_job(kOffCluster, "replication: 3, disk: {read: 0.5GBps, write: 10GBps}",
                     "load: {kind: read, bytes: 1GB, tier: hdfs}");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(10 * kBlock / 0.5e9, 1e-8));
  REQUIRE_THAT(network_bytes(run), WithinRel(1e9, 1e-12));
  REQUIRE(run.results.tiers[0].read_requests == 10);
}

namespace {

// 8 jobs, 10 s apart (each ends long before the next arrives), each reading its own one-block file (object =
// job id) stored once (R = 1) on one of the 4 nodes, which are both the compute pool and the data nodes.
dcflow::test::Run one_block_reads(const std::string& policy)
{
  return dfs_job("{compute: \"node-[0-3]\", data: \"node-[0-3]\"}", "replication: 1, " + kFastDisks,
                 "load: {kind: read, bytes: 100MB, tier: hdfs}", "arrival: interval\n  interval: 10s\n  jobs: 8",
                 policy);
}

} // namespace

TEST_CASE("dfs: the locality policy runs each job where its blocks are: no network")
{
  // With every host free at each arrival, locality picks the host holding the job's block (the tier's block
  // locations reach the policy as the job's data hosts): 8 local reads.
  auto run = one_block_reads("locality");
  REQUIRE(network_bytes(run) == 0);
  REQUIRE(run.results.tiers[0].local_bytes_read == 8 * kBlock);
}

TEST_CASE("dfs: fifo ignores block locations: blocks not on node-0 cross the network")
{
  // fifo takes the lowest free host, node-0, for every job: a job's block crosses the network unless the
  // placement put it on node-0 (node index 0 of the 4 data nodes).
  auto run     = one_block_reads("fifo");
  double bytes = 0;
  for (std::int64_t job = 0; job < 8; ++job)
    if (dcflow::block_replicas(job, 0, 4, 1).front() != 0)
      bytes += kBlock;
  REQUIRE(bytes > 0); // the check below means something
  REQUIRE_THAT(network_bytes(run), WithinRel(bytes, 1e-12));
  REQUIRE_THAT(run.results.tiers[0].local_bytes_read, WithinRel(8 * kBlock - bytes, 1e-12));
}
