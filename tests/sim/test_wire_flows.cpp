// Mailbox wire flows (src/sim/stages/wire.cpp): forced here with DCFLOW_WIRE_FLOWS=mailbox, as the run does once
// 2,000 flows are in flight. The far side of each flow is posted by the far host's wire server, which must post
// every flow asked of it at the instant it is asked, including flows asked while it is busy reaping.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("mailbox flows: flows asked of a wire server while it reaps ended ones start at once")
{
  setenv("DCFLOW_WIRE_FLOWS", "mailbox", 1);
  // One job class: compute 1 Gf (1 s on a 1 Gflops host), then five transfers of 100 MB from the storage host s,
  // all five ready at once. Job 0 arrives at 0, job 1 at 10 s, both on c0 (the lowest free host). Job 0's five
  // flows share l0: each moves 100 MB at 0.97 B / 5 after 13.01 L (LV08; dcflow's TCP counts 1.05 wire bytes per
  // payload byte, tests/sim/test_transfer_models.cpp), so job 0 ends at 1 + 13.01 L + 5 S 1.05 / (0.97 B).
  // Job 1's actor asks for its five flows one after another (posting its side of each is a simcall, during which
  // others run); s's wire server, rung by the first, reaps job 0's five ended flows meanwhile (a wait each, also
  // simcalls). Every one of job 1's flows must start at 11 s: job 1 takes exactly as long as job 0.
  auto run = dcflow::test::simulate(R"(
name: wire_server
platform: storage_pair.xml
hosts: {compute: "c*", source: s}
workload:
  arrival: interval
  interval: 10s
  jobs: 2
  classes:
    fan:
      stages:
        c: {kind: compute, flops: 1Gf}
        t1: {kind: transfer, bytes: 100MB, from: source, after: [c]}
        t2: {kind: transfer, bytes: 100MB, from: source, after: [c]}
        t3: {kind: transfer, bytes: 100MB, from: source, after: [c]}
        t4: {kind: transfer, bytes: 100MB, from: source, after: [c]}
        t5: {kind: transfer, bytes: 100MB, from: source, after: [c]}
)");
  const double B = 1e9, L = 10e-6, S = 1e8;
  const double job0_end = 1 + 13.01 * L + 5 * S * 1.05 / (0.97 * B);
  REQUIRE(run.records.jobs.size() == 2);
  for (const auto& job : run.records.jobs)
    REQUIRE(job.status == dcflow::JobStatus::Completed);
  CHECK_THAT(run.records.jobs[0].end, WithinRel(job0_end, 1e-6));
  CHECK_THAT(run.records.jobs[1].start, WithinAbs(10, 1e-9));
  CHECK_THAT(run.records.jobs[1].end - 10, WithinRel(run.records.jobs[0].end, 1e-9));
}
