// Autoscaling in a simulation: a step in load (8 jobs of 100 s at time 0 on a pool of 4 hosts, 1 on) makes
// the autoscaler switch hosts on one at a time, each taking work after its boot delay.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;

TEST_CASE("autoscaling: a load step gives one scale-out per cooldown until max, each host working after its boot")
{
  // Evaluations every 1 s; cooldown 10 s; boot 5 s; scale out while the queue holds >= 1 job.
  //   t=0   job 0 starts on server-0 (the only host on); queue 7 -> switch on server-1 (boots until 5)
  //   t=10  queue 6 -> server-2 (until 15);  t=20  queue 5 -> server-3 (until 25);  t=30  4 on = max.
  //   Starts: jobs 0-3 at 0, 5, 15, 25; jobs 4-7 when those end: 100, 105, 115, 125. Makespan 225 s.
  // Powered host-seconds: 225 + 225 + (225 - 10) + (225 - 20) = 870 (booting counts); allocated: 8 x 100.
  auto run = dcflow::test::simulate(R"(
name: step
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  jobs: 8
  classes:
    batch: {stages: {c: {kind: compute, flops: 100Gf}}}
scheduling:
  policy: fifo
  autoscale: {min: 1, max: 4, interval: 1s, scale_out_queue: 1, cooldown: 10s, boot_time: 5s, scale_in_idle: 30s}
)");
  REQUIRE(run.results.scale_out_events == 3);
  REQUIRE(run.results.scale_in_events == 0);
  const double starts[] = {0, 5, 15, 25, 100, 105, 115, 125};
  const int hosts[]     = {0, 1, 2, 3, 0, 1, 2, 3};
  for (int i = 0; i < 8; ++i) {
    REQUIRE(run.records.jobs[i].start == Approx(starts[i]).margin(1e-9));
    REQUIRE(run.records.jobs[i].hosts.front() == hosts[i]);
  }
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(225.0, 1e-9));
  REQUIRE_THAT(run.results.host_hours, WithinRel(870.0 / 3600, 1e-9));
  REQUIRE_THAT(run.results.efficiency_scheduling, WithinRel(800.0 / 870, 1e-9));
}

TEST_CASE("autoscaling: idle hosts are switched off after scale_in_idle, down to min")
{
  // 4 hosts on from the start (initial 4), one 100 s job at time 0 and one at 200 s (interval arrivals).
  //   Servers 1-3 are idle from 0: at t = 50 (evaluations every 10 s, idle >= 50 s) all three go off in one
  //   scale-in event (min 1 keeps server-0). server-0 runs job 0 [0, 100], is idle from 100, but is the
  //   last one on, so it stays; job 1 runs on it [200, 300].
  // Powered: server-0 300 s, servers 1-3 50 s each: 450 host-seconds.
  auto run = dcflow::test::simulate(R"(
name: idle
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  arrival: interval
  interval: 200s
  jobs: 2
  classes:
    batch: {stages: {c: {kind: compute, flops: 100Gf}}}
scheduling:
  policy: fifo
  autoscale: {min: 1, max: 4, initial: 4, interval: 10s, scale_out_queue: 1, cooldown: 0s, boot_time: 5s,
              scale_in_idle: 50s}
)");
  REQUIRE(run.results.scale_in_events == 1);
  REQUIRE(run.results.scale_out_events == 0);
  REQUIRE(run.records.jobs[1].start == Approx(200).margin(1e-9));
  REQUIRE(run.records.jobs[1].hosts.front() == 0);
  REQUIRE_THAT(run.results.host_hours, WithinRel(450.0 / 3600, 1e-9));
}

namespace {

// One 100 s job at time 0 on four 1 Gflops servers, two of them on (initial 2); server-1, idle, is down from
// 0.5 s to 10.5 s. `autoscale` completes the scheduling.autoscale map.
dcflow::test::Run with_server1_down(const std::string& autoscale)
{
  return dcflow::test::simulate(R"(
name: server1_down
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  jobs: 1
  classes:
    batch: {stages: {c: {kind: compute, flops: 100Gf}}}
scheduling:
  policy: fifo
  autoscale: {min: 1, max: 4, initial: 2, interval: 1s, boot_time: 1s, )" +
                                autoscale + R"(}
failures:
  resources:
    s1: {hosts: server-1, profile: ../data/failures/down_0.5_10.5.txt}
)");
}

// The last power interval of pool host `host` (there is one per time it was switched on).
const dcflow::PowerInterval& last_interval(const dcflow::test::Run& run, int host)
{
  const dcflow::PowerInterval* found = nullptr;
  for (const auto& interval : run.records.power)
    if (interval.host == host)
      found = &interval;
  REQUIRE(found != nullptr);
  return *found;
}

} // namespace

TEST_CASE("autoscaling: a pool host that is down is not idle capacity, so the busy fraction counts the hosts up")
{
  // Scale-out at a busy fraction of 0.6 (policy/autoscaler: busy active / active), a look every second,
  // cooldown 1000 s (one action at most). The job runs on server-0. At the look at 1 s the hosts up and on are
  // server-0 alone, busy: 1 / 1 >= 0.6, so server-2 (the lowest switched off) boots at 1 s and is active from
  // 2 s. Had the down host counted as idle capacity, the fraction would be 1 / 2 < 0.6 and nothing would boot.
  auto run = with_server1_down("scale_out_util: 0.6, cooldown: 1000s, scale_in_idle: 1000s");
  REQUIRE(run.results.scale_out_events == 1);
  const dcflow::PowerInterval& booted = last_interval(run, 2);
  REQUIRE_THAT(booted.on, WithinRel(1.0, 1e-9));
  REQUIRE_THAT(booted.active_from, WithinRel(2.0, 1e-9));
  REQUIRE(run.records.jobs[0].hosts.front() == 0);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(100.0, 1e-9));
}

TEST_CASE("autoscaling: a pool host that is down is not switched off for being idle, only once back and idle")
{
  // Scale-in after 5 s idle, min 1, no scale-out rule that this load reaches; server-0 is busy with the job.
  // Without the failure server-1, idle since 0, would go off at the look at 5 s. Down, it is out of the
  // autoscaler's view; back at 10.5 s it is idle from then, and goes off at the first look 5 s later: 16 s.
  auto run = with_server1_down("scale_out_queue: 100, cooldown: 0s, scale_in_idle: 5s");
  REQUIRE(run.results.scale_in_events == 1);
  REQUIRE(run.results.scale_out_events == 0);
  REQUIRE_THAT(last_interval(run, 1).off, WithinRel(16.0, 1e-9));
}
