// Failures against hand-worked timelines (README "Failures"). Platforms: four_servers.xml (four one-core
// servers of 1 Gflops: a job of F flops takes F / 1e9 s), lab.xml (a storage host "src" and two 4-core
// hosts behind one link "wire" of 1.25 GB/s and 1 ms; two_wires.xml: the same with a link per host, "wire-0" to
// dst-0 and "wire-1" to dst-1), gpu_pair.xml (GPUs of 100 Tflops, a storage server
// whose disk reads at 2 GB/s and writes at 1 GB/s behind 5 GB/s NICs). LV08's factors are switched off where
// transfers are timed: a flow of S bytes on a route of latency L and bandwidth B takes L + S / B. Profiles are
// in tests/data/failures/. Every run also checks the invariant: submitted = completed + failed, each failed
// job with its cause (Simulation::run throws otherwise).
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

using dcflow::test::kExact;

void check_conservation(const dcflow::test::Run& run)
{
  std::int64_t completed = 0, failed = 0;
  for (const auto& job : run.records.jobs) {
    if (job.status == dcflow::JobStatus::Completed)
      ++completed;
    if (job.status == dcflow::JobStatus::Failed) {
      ++failed;
      REQUIRE_FALSE(job.cause.empty());
    }
  }
  REQUIRE(completed + failed == static_cast<std::int64_t>(run.records.jobs.size()));
  REQUIRE(run.results.completed == completed);
  REQUIRE(run.results.failed == failed);
  REQUIRE(run.results.failures.jobs_failed == failed);
}

// One training job of 10 one-second iterations on node0-gpu0, a 1 GB sync checkpoint every 3 iterations to the
// disk tier on 'store', and node0-gpu0's outages from the state profile tests/data/failures/<profile>.
dcflow::test::Run checkpointed_training(const std::string& profile)
{
  return simulate(R"(
name: training_failures
platform: gpu_pair.xml
hosts:
  compute: {property: gpu}
  storage: store
storage:
  data: {hosts: storage, disk: nvme}
workload:
  jobs: 1
  classes:
    train:
      hosts: 1
      training:
        iterations: 10
        batch: 1
        model: {parameters: 1000, flops_per_sample: 100Tf}
        checkpoint: {every: 3, tier: data, mode: sync, bytes: 1GB}
failures:
  resources:
    gpu: {hosts: node0-gpu0, profile: ../data/failures/)" +
                      profile + "}\n",
                  kExact);
}

} // namespace

TEST_CASE("a job re-queued after its host fails completes later by the repair time plus the work lost")
{
  // Four 100 s jobs start at 0 on the four servers. server-1 fails at 30 s (its job loses 30 s of work and goes
  // back to the queue) and returns at 50 s, when its job starts again: it ends at 50 + 100 = 150 s, not 100 s.
  // Wait 50 s, one retry, 30 host-s lost; the other jobs end at 100 s. Outage 20 s: mean time to recover 20 s.
  // Goodput: useful 4 x 100 host-s over 400 + 30 = 0.930233.
  auto run = simulate(R"(
name: requeue
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  arrival: all
  jobs: 4
  classes:
    c: {stages: {run: {kind: compute, flops: 100Gf}}}
failures:
  resources:
    s1: {hosts: server-1, profile: ../data/failures/server1_30_50.txt}
)");
  check_conservation(run);
  const auto& job = run.records.jobs[1];
  REQUIRE(run.records.pool[static_cast<std::size_t>(job.hosts.at(0))].name == "server-1");
  REQUIRE_THAT(job.start, WithinAbs(50, 1e-9));
  REQUIRE_THAT(job.end, WithinAbs(150, 1e-9));
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.lost_work, WithinAbs(30, 1e-9));
  for (int other : {0, 2, 3})
    REQUIRE_THAT(run.records.jobs[other].end, WithinAbs(100, 1e-9));
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(150, 1e-9));
  const auto& f = run.results.failures;
  REQUIRE(f.enabled);
  REQUIRE(f.classes[0].failures == 1);
  REQUIRE_THAT(f.mean_time_to_recover_s, WithinAbs(20, 1e-9));
  REQUIRE(f.jobs_retried == 1);
  REQUIRE_THAT(f.goodput, WithinRel(400.0 / 430.0, 1e-12));
}

TEST_CASE("beyond its retry limit a job fails with its cause, and failures do not prolong the run")
{
  // One server, one 100 s job, MTBF 30 s and MTTR 10 s (constants): down 30-40, 70-80, ... The job starts at 0,
  // is interrupted at 30 (retry 1 of 1), starts again at 40 and is interrupted at 70: beyond retry_limit 1 it
  // fails, "host server-0 failed at 70.0 s". Nothing is left to run: the run ends at 70 s, not at the next
  // outage's end.
  auto run = simulate(R"(
name: retries
platform: four_servers.xml
hosts: {compute: "server-0"}
workload:
  arrival: all
  jobs: 1
  classes:
    c: {stages: {run: {kind: compute, flops: 100Gf}}}
failures:
  retry_limit: 1
  resources:
    s0: {hosts: server-0, mtbf: 30s, mttr: 10s}
)");
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "host server-0 failed at 70.0 s");
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.end, WithinAbs(70, 1e-9));
  REQUIRE_THAT(job.lost_work, WithinAbs(60, 1e-9)); // 30 + 30 host-s
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(70, 1e-9));
  REQUIRE(run.results.failures.failed_jobs.size() == 1);
  REQUIRE(run.results.failures.goodput == 0);
}

namespace {

// One job on dst-0 of `platform` (lab.xml or two_wires.xml, where src reaches dst-0 over the link 'wire' or
// 'wire-0', 1.25 GB/s and 1 ms): 10 GB from src (1 ms + 10e9 / 1.25e9 = 8.001 s), then 4 Gf on 4 cores (1 s);
// `failures` is the failures section's body.
dcflow::test::Run transfer_job(const std::string& platform, const std::string& failures)
{
  return simulate("name: link\nplatform: " + platform + R"(
hosts: {compute: "dst-0", storage: "src"}
workload:
  arrival: all
  jobs: 1
  classes:
    c:
      stages:
        move: {kind: transfer, bytes: 10GB, from: storage}
        run: {kind: compute, flops: 4Gf, after: [move]}
failures:
)" + failures,
                  kExact);
}

// The job above cut at 3 s and re-queued until its link is back at 5 s: it runs whole then, 5 + 8.001 + 1 =
// 14.001 s; one retry, 3 host-s lost.
void check_requeued_until_5(const dcflow::test::Run& run)
{
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.start, WithinAbs(5, 1e-9));
  REQUIRE_THAT(job.end, WithinRel(14.001, 1e-9));
  REQUIRE_THAT(job.lost_work, WithinAbs(3, 1e-9));
}

// The job above on two_wires.xml: wire-1 (src -> dst-1 only, which no flow of the run crosses) is down from 2 s
// to 20 s, wire-0 from 3 s to 5 s: at 3 s both are down.
dcflow::test::Run two_links_down(int retry_limit)
{
  return transfer_job("two_wires.xml", "  retry_limit: " + std::to_string(retry_limit) + R"(
  resources:
    other: {links: wire-1, profile: ../data/failures/wire_2_20.txt}
    own: {links: wire-0, profile: ../data/failures/wire_3_5.txt}
)");
}

} // namespace

TEST_CASE("a transfer cut by a link failure is retried when the link is back")
{
  // transfer_job on lab.xml: the wire fails at 3 s, the flow fails, the job goes back to the queue until the wire
  // returns at 5 s (there is no other route), then runs whole: 5 + 8.001 + 1 = 14.001 s. One retry; 3 host-s lost.
  auto run = transfer_job("lab.xml", "  resources:\n    wire: {links: wire, profile: ../data/failures/wire_3_5.txt}\n");
  check_requeued_until_5(run);
  REQUIRE(run.results.failures.classes[1].failures == 1);
}

TEST_CASE("a job cut by a link failure waits only for the down links its own flows cross")
{
  // two_links_down: the flow src -> dst-0 fails at 3 s when wire-0 goes down; wire-1 has been down since 2 s but
  // lies on no route of the job. The job goes back to the queue until wire-0 is back at 5 s (not until wire-1 is
  // back at 20 s, which would give start 20 s and end 29.001 s), then runs whole: 5 + 8.001 + 1 = 14.001 s. One
  // retry; 3 host-s lost. The run ends with the job: wire-1's outage is closed at 14.001 s.
  auto run = two_links_down(3);
  check_requeued_until_5(run);
  REQUIRE(run.results.failures.classes[1].failures == 2); // both links did fail
  REQUIRE(run.results.failures.classes[1].resources == 2);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(14.001, 1e-9));
}

TEST_CASE("a job cut by a link failure names only the down links its own flows cross")
{
  // two_links_down with retry_limit 0: the job fails at the first cut, at 3 s, and its cause names wire-0 only
  // (not "link wire-1 failed at 2.0 s", though wire-1 is down too). The run ends with it, at 3 s.
  auto run = two_links_down(0);
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "link wire-0 failed at 3.0 s");
  REQUIRE(job.retries == 0);
  REQUIRE_THAT(job.end, WithinAbs(3, 1e-9));
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(3, 1e-9));
}

TEST_CASE("a training job loses at most one checkpoint interval of work and restarts from its checkpoint")
{
  // 1 GPU, 1 s per iteration, 10 iterations, a sync 1 GB checkpoint every 3 iterations (c = 3 iterations):
  // streamed over the NIC (0.2 s) while the disk writes at 1 GB/s: 1 s each. Without failures: 10 + 3 x 1 = 13 s.
  // node0-gpu0 fails at 5.5 s (during iteration 5, which runs 5-6) and is back at 7 s. The checkpoint of
  // iteration 3 was taken at 3 s and complete at 4 s: the job restarts from it. Lost work 5.5 - 3 = 2.5 s, less
  // than the interval between checkpoints' starts (3 iterations + 1 s of checkpoint = 4 s); iterations 4 and 5
  // run again. Noticed at the end of iteration 5 (6 s), the restart waits for the GPU until 7 s (1 s) and reads
  // the 1 GB shard back (disk read 2 GB/s: 0.5 s, network 0.2 s beside it): restored at 7.5 s. Then iterations
  // 4-10 (7 s) and the checkpoints after 6 and 9 (2 s): 7.5 + 9 = 16.5 s.
  auto run = checkpointed_training("gpu_5.5_7.txt");
  check_conservation(run);
  REQUIRE(run.records.jobs[0].status == dcflow::JobStatus::Completed);
  REQUIRE(run.records.jobs[0].retries == 0); // a training job restarts in place: not a re-queue
  REQUIRE(run.records.training.size() == 1);
  const auto& t = run.records.training.front();
  REQUIRE(t.restarts == 1);
  REQUIRE(t.redone_iterations == 2);
  REQUIRE(t.iterations == 10);
  REQUIRE_THAT(t.lost_time, WithinAbs(2.5, 1e-6));
  REQUIRE(t.lost_time <= 4.0); // at most one checkpoint interval
  REQUIRE_THAT(t.repair_wait, WithinAbs(1.0, 1e-6));
  REQUIRE_THAT(t.reload_time, WithinRel(0.5, 1e-5));
  REQUIRE_THAT(t.restart_time, WithinRel(1.5, 1e-5));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(16.5, 1e-6));
  // The breakdown adds up with the restart: data + compute + comm + checkpoint + restart = end - start.
  REQUIRE_THAT(t.data_wait + t.compute + t.exposed_comm + t.checkpoint_stall + t.restart_time,
               WithinRel(t.end - t.start, 1e-9));
  REQUIRE(run.results.training.classes.at(0).restarts == 1);
}

TEST_CASE("conservation under a storm of random host and link failures: every job is accounted for")
{
  // 400 jobs (a transfer from src, then compute) on the two lab hosts; each host fails every 40 s on average
  // (exponential) for 5 s, the wire every 60 s for 3 s; retry_limit 2, so some jobs fail. Every job ends
  // completed or failed with a cause; the counts add up; some jobs were retried and failures happened.
  auto run = simulate(R"(
name: storm
seed: 5
platform: lab.xml
hosts: {compute: "dst-*", storage: "src"}
workload:
  arrival: poisson
  rate: 0.5/s
  jobs: 400
  classes:
    c:
      stages:
        move: {kind: transfer, bytes: {dist: exponential, mean: 2GB}, from: storage}
        run: {kind: compute, flops: {dist: exponential, mean: 8Gf}, after: [move]}
failures:
  retry_limit: 2
  resources:
    nodes: {role: compute, mtbf: {dist: exponential, mean: 40s}, mttr: {dist: weibull, scale: 5s, shape: 1.5}}
    wire: {links: wire, mtbf: {dist: exponential, mean: 60s}, mttr: 3s}
)");
  check_conservation(run);
  const auto& f = run.results.failures;
  REQUIRE(run.records.jobs.size() == 400);
  REQUIRE(f.classes[0].failures > 10);
  REQUIRE(f.classes[1].failures > 5);
  REQUIRE(f.jobs_retried > 10);
  REQUIRE(f.jobs_failed > 0);
  REQUIRE(f.goodput < 1);
  for (const auto& job : run.records.jobs)
    if (job.status == dcflow::JobStatus::Failed) {
      REQUIRE(job.retries == 2);
      REQUIRE((job.cause.rfind("host dst-", 0) == 0 || job.cause.rfind("link wire", 0) == 0));
    }
}

TEST_CASE("a platform's own HOST_AVAIL profile fails its host like the scenario's failures")
{
  // failure_profile.xml: node-0 is down from 1 s to 2 s (an inline <trace>, periodicity 10: next from 11 s to 12 s). The
  // job ships 1 GB from store to node-0 over the cable (1 ms + 1e9 / 1e9 = 1.001 s): its host fails at 1 s, it
  // goes back to the queue, starts again when node-0 returns at 2 s and ends at 3.001 s.
  auto run = simulate(R"(
name: platform_host_profile
platform: routing/failure_profile.xml
hosts: {compute: node-0, storage: store}
workload:
  jobs: 1
  classes:
    c: {stages: {ship: {kind: transfer, bytes: 1GB, from: storage}}}
)",
                      kExact);
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.start, WithinAbs(2, 1e-9));
  REQUIRE_THAT(job.end, WithinRel(3.001, 1e-9));
  REQUIRE(run.records.failures.size() == 1);
  REQUIRE(run.records.failures[0].resource == "node-0");
}

TEST_CASE("a platform link's state_file fails the link and its transfers are retried when it is back")
{
  // link_state_file.xml: the cable is down from 1 s to 2 s (link_state_file.profile). The 1.001 s transfer is
  // cut at 1 s; the job waits for the cable and runs again from 2 s: it ends at 3.001 s.
  auto run = simulate(R"(
name: platform_link_profile
platform: routing/link_state_file.xml
hosts: {compute: node-0, storage: store}
workload:
  jobs: 1
  classes:
    c: {stages: {ship: {kind: transfer, bytes: 1GB, from: storage}}}
)",
                      kExact);
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.retries == 1);
  REQUIRE_THAT(job.end, WithinRel(3.001, 1e-9));
  REQUIRE(run.results.failures.classes[1].failures == 1);
  REQUIRE(run.records.failures[0].resource == "cable");
}

TEST_CASE("a job whose only host never comes back fails with its cause when the run ends")
{
  // One server; the 100 s job starts at 0, is interrupted at 10 s and re-queued, but server-0 never returns:
  // nothing else can happen, the run ends at 10 s and the job, still queued, has failed with that cause.
  auto run = simulate(R"(
name: never_back
platform: four_servers.xml
hosts: {compute: "server-0"}
workload:
  arrival: all
  jobs: 1
  classes:
    c: {stages: {run: {kind: compute, flops: 100Gf}}}
failures:
  resources:
    s0: {hosts: server-0, profile: ../data/failures/server0_down_10.txt}
)");
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.retries == 1);
  REQUIRE(job.cause == "still queued when the run ended at 10.0 s: no host to run on");
  REQUIRE_THAT(run.results.simulated_time_s, WithinAbs(10, 1e-9));
}

TEST_CASE("a training job whose failed host never comes back fails with its cause")
{
  // As the restart test, but node0-gpu0 never returns after failing at 5.5 s: at the end of iteration 5 (6 s)
  // the job cannot restart and fails, "host node0-gpu0 failed at 5.5 s, which never came back".
  auto run = checkpointed_training("gpu_down_5.5.txt");
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "host node0-gpu0 failed at 5.5 s, which never came back");
  REQUIRE_THAT(job.end, WithinRel(6.0, 1e-6));
}

namespace {

// One training job of 10 one-second iterations on node0-gpu0 and node1-gpu0 (the compute role), whose gradients'
// all-reduce (1 GB: 5e8 parameters of 2 B) crosses the spine, a sync 1 GB checkpoint every 3 iterations to the
// disk tier on 'store' (a 0.5 GB shard from each node), and the spine's outages from tests/data/failures/<profile>;
// `more` adds failure groups.
dcflow::test::Run training_across_spine(const std::string& profile, const std::string& more = "")
{
  return simulate(R"(
name: training_link_failures
platform: gpu_pair.xml
hosts:
  compute: "node*-gpu0"
  storage: store
storage:
  data: {hosts: storage, disk: nvme}
workload:
  jobs: 1
  classes:
    train:
      hosts: 2
      training:
        iterations: 10
        batch: 1
        model: {parameters: 5e8, flops_per_sample: 100Tf}
        checkpoint: {every: 3, tier: data, mode: sync, bytes: 1GB}
failures:
  resources:
    spine: {links: spine, profile: ../data/failures/)" +
                      profile + "}\n" + more,
                  kExact);
}

// Times of the job above without failures, by hand (LV08 factors off: a flow takes L + S / B).
// An iteration: 1 s of compute (100 Tf at 100 Tflops), then the ring all-reduce of S = 1 GB on 2 ranks, one flow
// per edge of 2 x S/2 bytes, both edges crossing node0-nic0, spine and node1-nic0 (shared links, 10 GB/s: 5 GB/s
// each) with latency 1 + 3 + 1 us, then (2 - 1) steps' latency more: 2 x 5e-6 + 1e9 / 5e9 = 0.20001 s.
// A checkpoint: each node writes its 0.5 GB shard; the two flows share store-nic (5 GB/s: 0.2 s) while the disk
// writes 1 GB at 1 GB/s: 1 s. A reload: the disk reads 1 GB at 2 GB/s (0.5 s), the flows take 0.2 s beside it.
constexpr double kIteration  = 1 + 2 * 5e-6 + 1e9 / 5e9;
constexpr double kCheckpoint = 1.0;
constexpr double kReload     = 0.5;

} // namespace

TEST_CASE("a training job whose all-reduce is cut by a link failure restarts from its checkpoint")
{
  // Iterations 1-3 end at 3 x kIteration = 3.60003 s, the checkpoint of iteration 3 at 4.60003 s; iteration 4
  // ends at 5.80004 s; iteration 5's all-reduce starts at 6.80004 s and its flows fail when the spine does, at
  // 6.9 s. The job restarts at once: the checkpoint of iteration 3 (taken at 3.60003 s) is the last complete one,
  // so 6.9 - 3.60003 s of work are lost and iteration 4 runs again (iteration 5 never completed). It waits for
  // the spine until 8 s (1.1 s), reloads the 0.5 GB shards (0.5 s): restored at 8.5 s (restart 1.6 s). Then
  // iterations 4-10 and the checkpoints after 6 and 9: 8.5 + 7 x kIteration + 2 x kCheckpoint = 18.90007 s.
  // Without the failure: 10 x kIteration + 3 x kCheckpoint = 15.0001 s.
  auto run = training_across_spine("spine_6.9_8.txt");
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  REQUIRE(job.retries == 0); // restarted in place, not re-queued
  REQUIRE(run.records.training.size() == 1);
  const auto& t = run.records.training.front();
  REQUIRE(t.restarts == 1);
  REQUIRE(t.redone_iterations == 1);
  REQUIRE(t.iterations == 10);
  REQUIRE(t.allreduces == 11); // 10 + iteration 4 again; iteration 5's failed one does not count
  REQUIRE_THAT(t.lost_time, WithinRel(6.9 - 3 * kIteration, 1e-6));
  REQUIRE_THAT(t.repair_wait, WithinRel(8 - 6.9, 1e-6));
  REQUIRE_THAT(t.reload_time, WithinRel(kReload, 1e-5));
  REQUIRE_THAT(t.restart_time, WithinRel(8 - 6.9 + kReload, 1e-5));
  REQUIRE_THAT(job.end, WithinRel(8 + kReload + 7 * kIteration + 2 * kCheckpoint, 1e-6));
  // The breakdown adds up with the restart: data + compute + comm + checkpoint + restart = end - start.
  REQUIRE_THAT(t.data_wait + t.compute + t.exposed_comm + t.checkpoint_stall + t.restart_time,
               WithinRel(t.end - t.start, 1e-9));
  REQUIRE(run.results.failures.classes[1].failures == 1);
  REQUIRE(run.results.failures.training_restarts == 1);
}

TEST_CASE("a training job whose link never comes back fails with the link's cause")
{
  // As above, but the spine never returns after failing at 6.9 s: iteration 5's all-reduce fails then, and the job
  // cannot restart: it fails at 6.9 s with "link spine failed at 6.9 s", and the run ends there.
  auto run = training_across_spine("spine_down_6.9.txt");
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "link spine failed at 6.9 s");
  REQUIRE_THAT(job.end, WithinRel(6.9, 1e-9));
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(6.9, 1e-9));
}

// node0-nic1 (the NIC of node0-gpu1, which the job does not use: on no route of its flows) down from 2 s to 20 s.
const std::string kOtherLinkDown = "    other: {links: node0-nic1, profile: ../data/failures/wire_2_20.txt}\n";

TEST_CASE("a training job cut by a link failure waits only for the down links of its failed flows' routes")
{
  // The all-reduce case above, with node0-nic1 down from 2 s to 20 s as well. The all-reduce's flows (routes
  // node0-nic0, spine, node1-nic0) fail at 6.9 s; the job waits for the spine alone, until 8 s, and ends at
  // 18.90007 s as above (before, it waited for every link down then: until 20 s, ending at 30.80007 s).
  auto run = training_across_spine("spine_6.9_8.txt", kOtherLinkDown);
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Completed);
  const auto& t = run.records.training.front();
  REQUIRE(t.restarts == 1);
  REQUIRE_THAT(t.repair_wait, WithinRel(8 - 6.9, 1e-6));
  REQUIRE_THAT(job.end, WithinRel(8 + kReload + 7 * kIteration + 2 * kCheckpoint, 1e-6));
  REQUIRE(run.results.failures.classes[1].resources == 2); // both links did fail
}

TEST_CASE("a training job whose link never comes back names only the down links of its failed flows' routes")
{
  // The spine never returns after 6.9 s while node0-nic1 is down too (2 s to 20 s, on no route of the job): the
  // job fails at 6.9 s with the spine alone as its cause.
  auto run = training_across_spine("spine_down_6.9.txt", kOtherLinkDown);
  check_conservation(run);
  const auto& job = run.records.jobs[0];
  REQUIRE(job.status == dcflow::JobStatus::Failed);
  REQUIRE(job.cause == "link spine failed at 6.9 s");
  REQUIRE_THAT(job.end, WithinRel(6.9, 1e-9));
}

TEST_CASE("conservation under a storm of link failures beneath training jobs: every job ends, no helper is left waiting")
{
  // Six training jobs of 2 GPUs (pool order puts each on one node: NVLink collectives), each with an input
  // pipeline from an object store on 'store' (mailbox connections; decoded, copied over PCIe), an all-to-all and
  // an all-reduce per iteration and async checkpoints to a dfs on 'store'; the spine, the storage fabric, the
  // nodes' storage NICs, first PCIe links and NVLinks fail every 20 s on average for 1 s. Every flow kind of a
  // training job is cut somewhere: batch requests and copies, collectives, checkpoint writes and reloads. Every
  // job must end completed (every link returns) with its breakdown adding up, restarts must have happened, and
  // the run must end: a helper actor left waiting on a failed flow would hold it open until the failures' memory
  // runs out, or end it with an uncaught exception. (Outages far more frequent than a checkpoint interval leave
  // a job no progress to keep: 4 s instead of 20 s never ends.)
  auto run = simulate(R"(
name: training_storm
seed: 1
platform: gpu_pair.xml
hosts:
  compute: {property: gpu}
  storage: store
storage:
  s3: {kind: object, hosts: storage}
  hdfs: {kind: dfs, hosts: storage, replication: 1, block_size: 100MB, disk: {read: 2GBps, write: 1GBps}}
workload:
  jobs: 6
  classes:
    train:
      hosts: 2
      training:
        iterations: 20
        batch: 4
        model: {parameters: 5e8, flops_per_sample: 25Tf}
        input: {tier: s3, sample_bytes: 20MB, files: 10, decode: 1Gf, readers: 2, prefetch: 2}
        alltoall: 100MB
        allreduce: {algorithm: ring, overlap: 0.5}
        checkpoint: {every: 2, tier: hdfs, mode: async, bytes: 1GB}
failures:
  resources:
    spine: {links: spine, mtbf: {dist: exponential, mean: 20s}, mttr: 1s}
    fabric: {links: storage-fabric, mtbf: {dist: exponential, mean: 20s}, mttr: 1s}
    nics: {links: "node?-storage-nic", mtbf: {dist: exponential, mean: 20s}, mttr: 1s}
    pcie: {links: "node?-pcie0", mtbf: {dist: exponential, mean: 20s}, mttr: 1s}
    nvlink: {links: "node?-nvlink?", mtbf: {dist: exponential, mean: 20s}, mttr: 1s}
)",
                      kExact);
  check_conservation(run);
  REQUIRE(run.records.jobs.size() == 6);
  for (const auto& job : run.records.jobs)
    REQUIRE(job.status == dcflow::JobStatus::Completed);
  std::int64_t restarts = 0;
  for (const auto& t : run.records.training) {
    REQUIRE(t.iterations == 20);
    REQUIRE_THAT(t.data_wait + t.compute + t.exposed_comm + t.checkpoint_stall + t.restart_time,
                 WithinRel(t.end - t.start, 1e-9));
    restarts += t.restarts;
  }
  REQUIRE(run.results.failures.classes[1].failures > 20);
  REQUIRE(restarts > 10);
  REQUIRE(restarts == run.results.failures.training_restarts);
}
