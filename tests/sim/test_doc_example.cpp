// The document's worked example (section 4.3), as bundled in scenarios/doc_example_4_3.yaml.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;

TEST_CASE("doc example 4.3: the document model gives T = 21 GB/s and E = 10 Tflops, and the simulation is storage-bound")
{
  auto run      = dcflow::test::simulate_file(DCFLOW_TEST_DIR "/../scenarios/doc_example_4_3.yaml");
  const auto& a = run.analytic;
  // Document: M = 10 pipes, v_transfer = 1 GB/s (narrowest link), C_storage = 1 GB/s (one disk),
  // C_compute = 10 x 1 Tflops, S_sched = 1: T = 10*1 + 1 + 10 = 21, E = 10*1 = 10.
  REQUIRE(a.M == 10);
  REQUIRE(a.v_transfer == 1.0);
  REQUIRE(a.C_storage == 1.0);
  REQUIRE(a.C_compute == 10.0);
  REQUIRE(a.T == 21.0);
  REQUIRE(a.E == 10.0);
  // Pipeline bound: min(M v = 10, C_storage = 1, C_compute / (1e12 flops / 1e9 bytes) = 10) = 1 GB/s, storage.
  REQUIRE(a.pipeline_bound == 1.0);
  REQUIRE(a.limiting_stage == "storage");

  // Simulation, by hand: the 10 nodes start together and move in lock-step waves of
  //   read:     10 jobs x 1 GB share the 1 GB/s disk            -> 10 s
  //   transfer: each node's 10 pipes fill its 1 GB/s link (the 10 GB/s uplink carries 10 GB at the same
  //             per-flow share): 13.01 x (10 us + 10 us) + 1.05 x 1e9 / (0.97 x 1e9) = 1.0827344 s
  //   compute:  1 Tf on 1 Tf                                     -> 1 s
  // 100 jobs / 10 hosts = 10 waves of 12.0827344 s = 120.827344 s; throughput 100 GB / 120.827 s.
  double wave = 10.0 + 13.01 * 20e-6 + 1.05 / 0.97 + 1.0;
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(10 * wave, 1e-6));
  REQUIRE_THAT(run.results.throughput_Bps, WithinRel(100e9 / (10 * wave), 1e-6));
  REQUIRE(run.results.bottleneck == "storage");
  // Storage works 10 s of every wave: utilisation 10 / 12.0827 = 0.8276.
  REQUIRE_THAT(run.results.util_storage, WithinRel(10.0 / wave, 1e-6));
  // E measured: flops executed / (peak x time) = 100 Tf / (10 Tflops x 120.83 s) = 1 / wave.
  REQUIRE_THAT(run.results.efficiency_compute, WithinRel(1.0 / wave, 1e-6));
  // The storage tier served 100 reads of 1 GB; each read shared the disk with nine others: 1 GB in 10 s.
  REQUIRE(run.results.tiers.size() == 1);
  const auto& tier = run.results.tiers[0];
  REQUIRE(tier.name == "shared");
  REQUIRE(tier.disks == 1);
  REQUIRE(tier.reads == 100);
  REQUIRE(tier.bytes_read == 100e9);
  REQUIRE(tier.bytes_written == 0);
  REQUIRE_THAT(tier.bytes_read / tier.read_seconds, WithinRel(1e8, 1e-6));
}
