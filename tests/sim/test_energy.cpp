// Energy and cost against hand-worked figures. Energy of a resource with idle, busy and off power (README
// "Energy and cost"): P_idle x (powered time) + P_off x (time off) + (P_busy - P_idle) x (busy time), a link's
// or disk's busy time being its bytes / bandwidth. LV08's factors are switched off where flows matter, so a flow
// of S bytes on a link of bandwidth B and latency 0 takes S / B.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

using dcflow::test::kExact;

double part(const dcflow::EnergySummary& e, const std::string& name)
{
  for (const auto& p : e.resources)
    if (p.name == name)
      return p.joules;
  FAIL("no resource class " << name);
  return 0;
}

} // namespace

TEST_CASE("energy of one job: each host, the disk and the link as idle power x T + (busy - idle) x busy time")
{
  // tests/platforms/energy_lab.xml. The job reads 2 GB from the 1 GB/s disk [0, 2], ships 1 GB over the 1 GB/s
  // link [2, 3], computes 3 Gf on server-0 at 1 Gf/s [3, 6]: T = 6 s.
  //   server-0: 100 W x 6 s + (200 - 100) W x 3 s = 900 J;   server-1 (idle): 100 W x 6 s = 600 J
  //   store (outside the pool, idle): 50 W x 6 s = 300 J
  //   disk: 5 W x 6 s + (25 - 5) W x 2 s = 70 J;            link: 2 W x 6 s + (10 - 2) W x 1 s = 20 J
  // Total 1890 J. The job held server-0 for [0, 6]: its class gets 900 J, and 990 J are unattributed.
  // Cost: 1890 J = 5.25e-4 kWh x PUE 1.5 x 0.2 /kWh = 1.575e-4; compute-hours: 2 hosts x 6 s = 12 s x 3.6 /h
  // = 0.012; moved 1 GB = 0.001 TB x 10 = 0.01; stored nothing. Total 0.0221575.
  auto run = simulate(R"(
name: energy_one_job
platform: energy_lab.xml
hosts: {compute: "server-*", storage: store}
storage:
  ssd: {hosts: storage}
transfer: {protocol: udp}
workload:
  jobs: 1
  classes:
    batch:
      stages:
        read: {kind: read, bytes: 2GB, tier: ssd}
        ship: {kind: transfer, after: read, bytes: 1GB, from: storage}
        work: {kind: compute, after: ship, flops: 3Gf}
cost: {per_kWh: 0.2, pue: 1.5, per_hour: {compute: 3.6}, per_TB_moved: 10, per_TB_stored: 5}
)",
                      kExact);
  const dcflow::EnergySummary& e = run.results.energy;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(6.0, 1e-9));
  REQUIRE(e.enabled);
  REQUIRE_THAT(part(e, "pool_hosts"), WithinRel(1500.0, 1e-9));
  REQUIRE_THAT(part(e, "other_hosts"), WithinRel(300.0, 1e-9));
  REQUIRE_THAT(part(e, "disks"), WithinRel(70.0, 1e-9));
  REQUIRE_THAT(part(e, "links"), WithinRel(20.0, 1e-9));
  REQUIRE_THAT(e.total_J, WithinRel(1890.0, 1e-9));
  REQUIRE(e.classes.size() == 1);
  REQUIRE_THAT(e.classes[0].joules, WithinRel(900.0, 1e-9));
  REQUIRE_THAT(e.unattributed_J, WithinRel(990.0, 1e-9));
  REQUIRE(e.cost);
  REQUIRE_THAT(e.cost_energy, WithinRel(1.575e-4, 1e-9));
  REQUIRE(e.cost_hours.size() == 1);
  REQUIRE_THAT(e.cost_hours[0].second, WithinRel(0.012, 1e-9));
  REQUIRE_THAT(e.cost_moved, WithinRel(0.01, 1e-9));
  REQUIRE_THAT(e.cost_stored, WithinAbs(0.0, 1e-15));
  REQUIRE_THAT(e.cost_total, WithinRel(0.0221575, 1e-9));
}

TEST_CASE("energy of hosts the autoscaler switched off: off power while off, idle power while on")
{
  // The autoscaler timeline of test_autoscale.cpp's scale-in case on energy_lab.xml's two servers (idle 100 W,
  // full 200 W, off 10 W): both on at 0; one 100 s job at 0 and one at 200 s on server-0. server-1, idle from
  // 0, goes off at t = 50 (evaluations every 10 s, scale_in_idle 50 s; min 1 keeps server-0). T = 300 s.
  //   server-0: on 300 s, busy 200 s: 100 x 300 + 100 x 200 = 50,000 J
  //   server-1: on 50 s, off 250 s:  100 x 50 + 10 x 250    =  7,500 J
  // Each job held server-0 for 100 s at full power: 200 W x 100 s = 20,000 J each, 40,000 J for the class.
  auto run = simulate(R"(
name: energy_scale_in
platform: energy_lab.xml
hosts: {compute: "server-*"}
workload:
  arrival: interval
  interval: 200s
  jobs: 2
  classes:
    batch: {stages: {c: {kind: compute, flops: 100Gf}}}
scheduling:
  policy: fifo
  autoscale: {min: 1, max: 2, initial: 2, interval: 10s, scale_out_queue: 1, cooldown: 0s, boot_time: 5s,
              scale_in_idle: 50s}
)");
  const dcflow::EnergySummary& e = run.results.energy;
  REQUIRE(run.results.scale_in_events == 1);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(300.0, 1e-9));
  REQUIRE_THAT(part(e, "pool_hosts"), WithinRel(57500.0, 1e-9));
  REQUIRE_THAT(e.classes[0].joules, WithinRel(40000.0, 1e-9));
  // The store host has figures too (idle 50 W for 300 s), though no role uses it.
  REQUIRE_THAT(part(e, "other_hosts"), WithinRel(15000.0, 1e-9));
  REQUIRE_FALSE(e.cost);
}

TEST_CASE("energy of a GPU training job: its GPUs at full power while computing, the others idle")
{
  // tests/platforms/gpu_pair_power.xml: 4 GPUs of 100 Tflops, idle 60 W, full 400 W. The job of
  // test_training.cpp's first case on node0's 2 GPUs: 4 iterations of 10 samples x 30 Tf = 3 s of compute
  // each (12 s per GPU), plus the exposed ring all-reduce of 2e9 B (0.040004 s per iteration): T = 12.160016 s.
  //   job GPUs: 2 x (60 x T + 340 x 12) = 1459.20192 + 8160 = 9619.20192 J (also the class's energy)
  //   idle GPUs: 2 x 60 x T = 1459.20192 J;  total 11078.40384 J over 2 x 4 x 10 = 80 samples.
  // Only GPUs have figures: the CPU hosts, links and disk draw nothing here.
  auto run = simulate(R"(
name: energy_training
platform: gpu_pair_power.xml
hosts:
  compute: {property: gpu}
workload:
  jobs: 1
  classes:
    train:
      hosts: 2
      training:
        iterations: 4
        batch: 10
        model: {parameters: 1e9, flops_per_sample: 30Tf}
        allreduce: {algorithm: ring, overlap: 0}
)",
                      kExact);
  const dcflow::EnergySummary& e = run.results.energy;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(12.160016, 1e-6));
  REQUIRE(e.resources.size() == 1);
  REQUIRE_THAT(part(e, "gpus"), WithinRel(11078.40384, 1e-6));
  REQUIRE_THAT(e.classes[0].joules, WithinRel(9619.20192, 1e-6));
  REQUIRE_THAT(e.samples, WithinRel(80.0, 1e-12));
  REQUIRE_THAT(dcflow::energy_json(e)["per_1000_samples_J"].get<double>(), WithinRel(11078.40384 / 80 * 1000, 1e-6));
}

TEST_CASE("a platform without power figures has no energy block")
{
  auto run = simulate(R"(
name: no_energy
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  jobs: 1
  classes:
    batch: {stages: {c: {kind: compute, flops: 1Gf}}}
)");
  REQUIRE_FALSE(run.results.energy.enabled);
  REQUIRE(dcflow::results_json(run.results).find("\"energy\"") == std::string::npos);
}
