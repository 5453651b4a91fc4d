// Simulated times against closed forms of SimGrid's default network model (LV08) and its disk and CPU
// models. Each TEST_CASE is its own process. Constants of LV08 (SimGrid 3.32 defaults):
//   latency factor 13.01, bandwidth factor 0.97, crosstraffic charge 1.05 on shared links,
//   TCP-gamma 4194304 bytes, each flow capped at 0.97 * gamma / (2 * L).
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

const char* kLabHeader = R"(
name: lab
platform: lab.xml
hosts:
  compute: "dst-[0-1]"
  storage: src
storage:
  ssd: {hosts: storage}
)";

std::string lab(const std::string& compute_pattern, const std::string& workload, int pipes = 1)
{
  std::string text = kLabHeader;
  text.replace(text.find("dst-[0-1]"), 9, compute_pattern);
  return text + "transfer: {pipes: " + std::to_string(pipes) + "}\n" + workload;
}

constexpr double kLatency   = 1e-3;   // "wire": 1 ms
constexpr double kBandwidth = 1.25e9; // "wire": 1.25 GBps

} // namespace

TEST_CASE("one transfer of S bytes over one shared link takes 13.01 L + 1.05 S / (0.97 B)")
{
  // S = 1 GB, B = 1.25 GB/s, L = 1 ms: 0.01301 + 1.05e9 / 1.2125e9 = 0.878989381 s.
  auto run        = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    move: {stages: {t: {kind: transfer, bytes: 1GB, from: storage}}}
)"));
  double expected = 13.01 * kLatency + 1.05 * 1e9 / (0.97 * kBandwidth);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(expected, 1e-6));
  REQUIRE(run.records.activities.size() == 1);
  REQUIRE_THAT(run.records.activities[0].end - run.records.activities[0].start, WithinRel(expected, 1e-6));
  REQUIRE(run.results.completed == 1);
}

TEST_CASE("two simultaneous transfers on one link each take 13.01 L + 2 * 1.05 S / (0.97 B)")
{
  // Two jobs, one per compute host, both cross "wire" at the same time and share it equally:
  // 0.01301 + 2 * 1.05e9 / 1.2125e9 = 1.744968763 s, and both end together.
  auto run        = simulate(lab("dst-[0-1]", R"(
workload:
  jobs: 2
  classes:
    move: {stages: {t: {kind: transfer, bytes: 1GB, from: storage}}}
)"));
  double expected = 13.01 * kLatency + 2 * 1.05 * 1e9 / (0.97 * kBandwidth);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(expected, 1e-6));
  for (const auto& job : run.records.jobs)
    REQUIRE_THAT(job.end, WithinRel(expected, 1e-6));
}

TEST_CASE("F flops on a host of speed s with c cores take F / (s c): the job holds the whole host")
{
  // 8 Gf on a 4-core host of 1 Gf per core: 8e9 / 4e9 = 2 s.
  auto run = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    crunch: {stages: {c: {kind: compute, flops: 8Gf}}}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2.0, 1e-9));
  // One job alone on the pool of one host: efficiency.compute = 8e9 / (4e9 * 2 s) = 1.
  REQUIRE_THAT(run.results.efficiency_compute, WithinRel(1.0, 1e-9));
  REQUIRE_THAT(run.results.efficiency_scheduling, WithinRel(1.0, 1e-9));
}

TEST_CASE("a disk read of S bytes at read bandwidth b takes S / b")
{
  // 2 GB from the 1 GBps disk of "src": 2 s. Storage utilisation is then 1 (the only disk, busy all along).
  auto run = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    load: {stages: {r: {kind: read, bytes: 2GB, tier: ssd}}}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2.0, 1e-9));
  REQUIRE_THAT(run.results.util_storage, WithinRel(1.0, 1e-9));
  REQUIRE(run.results.bottleneck == "storage");
}

TEST_CASE("a write of S bytes at write bandwidth w takes S / w")
{
  // 1 GB to the disk of "src" at 500 MBps: 2 s.
  auto run = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    save: {stages: {w: {kind: write, bytes: 1GB, tier: ssd}}}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(2.0, 1e-9));
}

TEST_CASE("a read -> transfer -> compute chain of one job alone takes the sum of its stages")
{
  // read 1 GB at 1 GB/s = 1 s; transfer 1 GB = 0.878989381 s (see above); compute 4 Gf on 4 x 1 Gf = 1 s.
  auto run        = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    chain:
      stages:
        r: {kind: read, bytes: 1GB, tier: ssd}
        t: {kind: transfer, after: r, bytes: 1GB, from: storage}
        c: {kind: compute, after: t, flops: 4Gf}
)"));
  double transfer = 13.01 * kLatency + 1.05 * 1e9 / (0.97 * kBandwidth);
  double expected = 1.0 + transfer + 1.0;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(expected, 1e-6));
  // End-to-end throughput counts the job's input (its read): 1 GB over the whole run.
  REQUIRE_THAT(run.results.throughput_Bps, WithinRel(1e9 / expected, 1e-6));
  REQUIRE(run.records.jobs[0].bytes == 1e9);
  REQUIRE(run.records.jobs[0].flops == 4e9);
}

TEST_CASE("stages without a dependency between them run concurrently")
{
  // r (1 GB read, 1 s) and c (8 Gf, 2 s) start together; w (0.5 GB write at 500 MBps, 1 s) waits for both:
  // max(1, 2) + 1 = 3 s.
  auto run = simulate(lab("dst-0", R"(
workload:
  jobs: 1
  classes:
    fork:
      stages:
        r: {kind: read, bytes: 1GB, tier: ssd}
        c: {kind: compute, flops: 8Gf}
        w: {kind: write, after: [r, c], bytes: 500MB, tier: ssd}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(3.0, 1e-9));
}

TEST_CASE("N equal compute-only jobs on H hosts under FIFO finish in ceil(N / H) waves")
{
  // N = 5 jobs of 1 s (4 Gf on 4 x 1 Gf) on H = 2 hosts: waves at 0, 1 and 2 s, makespan 3 s.
  // Job i starts at floor(i / 2) s on the lowest free host: job 4 on dst-0. Waits: 0, 0, 1, 1, 2.
  auto run = simulate(lab("dst-[0-1]", R"(
workload:
  jobs: 5
  classes:
    crunch: {stages: {c: {kind: compute, flops: 4Gf}}}
)"));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(3.0, 1e-9));
  const auto& jobs = run.records.jobs;
  REQUIRE(jobs.size() == 5);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    REQUIRE_THAT(jobs[i].start, WithinRel(std::floor(i / 2.0), 1e-9) || Catch::Matchers::WithinAbs(0, 1e-12));
    REQUIRE(jobs[i].hosts.size() == 1);
  }
  REQUIRE(jobs[4].hosts[0] == 0);
  // mean wait (0 + 0 + 1 + 1 + 2) / 5 = 0.8 s; nearest-rank p50 of {0,0,1,1,2} = 1.
  REQUIRE_THAT(run.results.wait.mean, WithinRel(0.8, 1e-9));
  REQUIRE_THAT(run.results.wait.p50, WithinRel(1.0, 1e-9));
  REQUIRE_THAT(run.results.wait.max, WithinRel(2.0, 1e-9));
  // Hosts allocated 5 host-seconds out of 2 hosts x 3 s: S_sched measured = 5/6.
  REQUIRE_THAT(run.results.efficiency_scheduling, WithinRel(5.0 / 6.0, 1e-9));
}

TEST_CASE("Poisson arrivals at a low rate never queue on a large enough pool")
{
  // 20 jobs of 0.25 s arriving every 10 s on average on 2 hosts: a wait needs 3 arrivals within 0.25 s,
  // which these seeded draws never produce (the test asserts it, so a change of generator shows here).
  auto run = simulate(lab("dst-[0-1]", R"(
seed: 3
workload:
  arrival: poisson
  rate: 0.1/s
  jobs: 20
  classes:
    crunch: {stages: {c: {kind: compute, flops: 1Gf}}}
)"));
  REQUIRE(run.results.completed == 20);
  REQUIRE(run.results.wait.max == 0.0);
  for (const auto& job : run.records.jobs)
    REQUIRE_THAT(job.end - job.start, WithinRel(0.25, 1e-9));
}

namespace {

// M TCP pipes carrying S bytes in total over one link of bandwidth B and latency L finish after
//   13.01 L + S / (0.97 * min(M * gamma / (2 L), B / 1.05)),  gamma = 4194304 bytes.
// B = 12.5 GBps, L = 10 ms, S = 1e10 (checked with raw SimGrid 3.32): 49.2886 s for M = 1,
// 12.4197 s for M = 4, 0.9961 s for M = 64.
double pipes_time(int pipes)
{
  const double gamma = 4194304, L = 10e-3, B = 12.5e9, S = 1e10;
  return 13.01 * L + S / (0.97 * std::min(pipes * gamma / (2 * L), B / 1.05));
}

double simulate_pipes(int pipes)
{
  auto run = simulate(R"(
name: longhaul
platform: longhaul.xml
hosts: {compute: b, source: a}
transfer: {pipes: )" + std::to_string(pipes) +
                      R"(}
workload:
  jobs: 1
  classes:
    wan: {stages: {t: {kind: transfer, bytes: 10GB, from: source}}}
)");
  return run.results.simulated_time_s;
}

} // namespace

TEST_CASE("one TCP pipe on a long-latency link is capped by the window: 49.2886 s")
{
  REQUIRE_THAT(pipes_time(1), WithinRel(49.2886, 1e-5));
  REQUIRE_THAT(simulate_pipes(1), WithinRel(pipes_time(1), 1e-6));
}

TEST_CASE("four TCP pipes on a long-latency link go four times faster: 12.4197 s")
{
  REQUIRE_THAT(pipes_time(4), WithinRel(12.4197, 1e-5));
  REQUIRE_THAT(simulate_pipes(4), WithinRel(pipes_time(4), 1e-6));
}

TEST_CASE("sixty-four TCP pipes on a long-latency link reach the link's capacity: 0.9961 s")
{
  REQUIRE_THAT(pipes_time(64), WithinRel(0.9961, 1e-4));
  REQUIRE_THAT(simulate_pipes(64), WithinRel(pipes_time(64), 1e-6));
}
