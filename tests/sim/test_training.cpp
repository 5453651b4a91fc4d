// Training jobs against hand-worked iteration times. Platform tests/platforms/gpu_pair.xml: GPUs of 100 Tflops,
// NVLink 100 GB/s and PCIe 20 GB/s per GPU (1 us), node storage NIC 5 GB/s (1 us), storage fabric 1 TB/s (3 us),
// storage server NIC 5 GB/s (1 us), its disk 2 GB/s read and 1 GB/s write. LV08's factors are switched off
// (latency factor 1, bandwidth factor 1, no cross-traffic): a flow of S bytes alone on a route of latency L and
// narrowest bandwidth B takes L + S / B, and n flows sharing a link get B / n each.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

using dcflow::test::kExact;

const char* kPair = R"(
name: training
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
)";

dcflow::test::Run train(const std::string& klass)
{
  return simulate(std::string(kPair) + klass, kExact);
}

const dcflow::TrainingRecord& only(const dcflow::test::Run& run)
{
  REQUIRE(run.records.training.size() == 1);
  return run.records.training.front();
}

} // namespace

TEST_CASE("an iteration without input is its compute plus the all-reduce the backward pass does not hide")
{
  // 2 GPUs of node0; 10 samples of 30 Tflops: 3 s of compute (forward 1 s, backward 2 s). Gradients 1e9
  // parameters x 2 B = 2e9 B; ring all-reduce on k = 2: 2(k - 1) = 2 steps of S/k = 1e9 B, both GPUs sending at
  // once over nvlink0 and nvlink1 (shared links: 50 GB/s each way): 2 us + 1e9 / 50e9 = 0.020002 s a step,
  // 0.040004 s in all. overlap 0: iteration 3.040004 s; 4 iterations 12.160016 s.
  auto run = train(R"(      hosts: 2
      training:
        iterations: 4
        batch: 10
        model: {parameters: 1e9, flops_per_sample: 30Tf}
        allreduce: {algorithm: ring, overlap: 0}
)");
  const auto& t = only(run);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(12.160016, 1e-6));
  REQUIRE_THAT(t.compute, WithinRel(12.0, 1e-9));
  REQUIRE_THAT(t.exposed_comm, WithinRel(0.160016, 1e-6));
  REQUIRE_THAT(t.allreduce_time / t.allreduces, WithinRel(0.040004, 1e-6));
  REQUIRE(t.data_wait == 0);
  // nccl-tests' bus bandwidth: S / t x 2(k - 1) / k = 2e9 / 0.040004 x 1 = 49.995 GB/s.
  REQUIRE_THAT(run.results.training.classes.at(0).allreduce_busbw, WithinRel(2e9 / 0.040004, 1e-6));
}

TEST_CASE("an all-reduce shorter than the overlapped share of the backward pass is hidden")
{
  // As above with overlap 0.5: the all-reduce starts after 1 s of the 2 s backward pass and its 0.040004 s end
  // within the remaining 1 s: 4 iterations of 3 s.
  auto run = train(R"(      hosts: 2
      training:
        iterations: 4
        batch: 10
        model: {parameters: 1e9, flops_per_sample: 30Tf}
        allreduce: {algorithm: ring, overlap: 0.5}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(12.0, 1e-9));
  REQUIRE(only(run).exposed_comm == 0);
}

TEST_CASE("an all-to-all between forward and backward is exposed, and its busbw is nccl-tests' (bytes sent / t)")
{
  // 4 GPUs on node0 and node1 (k = 4); 10 samples of 30 Tflops: 3 s of compute per iteration. The all-to-all:
  // each GPU sends X = 3e9 B, X / (k - 1) = 1e9 B to each other GPU, all 12 flows at once. Its two flows to the
  // other node cross its NIC (10 GB/s, shared by both directions), which also carries the two flows coming
  // from there: 4 flows of 2.5 GB/s, on a route of 1 + 3 + 1 us; the flows inside a node share NVLink at 50
  // GB/s and end sooner. t = 5 us + 1e9 / 2.5e9 = 0.400005 s, all of it exposed (it sits between forward and
  // backward). The gradients (1000 x 2 B) all-reduce beside the whole backward pass (overlap 1): hidden.
  // 2 iterations: 2 x (3 + 0.400005) = 6.80001 s. nccl-tests counts an all-to-all's size with the rank's own
  // share, S = X k / (k - 1), and busbw = S / t x (k - 1) / k = X / t = 7.4999 GB/s (doc/PERFORMANCE.md).
  auto run = train(R"(      hosts: 4
      training:
        iterations: 2
        batch: 10
        model: {parameters: 1000, flops_per_sample: 30Tf}
        alltoall: 3GB
        allreduce: {algorithm: ring, overlap: 1}
)");
  const auto& t = only(run);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(6.80001, 1e-6));
  REQUIRE(t.alltoalls == 2);
  REQUIRE_THAT(t.alltoall_time / t.alltoalls, WithinRel(0.400005, 1e-6));
  REQUIRE_THAT(t.exposed_comm, WithinRel(0.80001, 1e-6));
  const auto& summary = run.results.training.classes.at(0);
  REQUIRE_THAT(summary.alltoall_s, WithinRel(0.400005, 1e-6));
  REQUIRE_THAT(summary.alltoall_busbw, WithinRel(3e9 / 0.400005, 1e-6));
}

TEST_CASE("a GPU that computes faster than one reader loads waits for every batch")
{
  // 1 GPU on node0, one reader, prefetch 1. A batch is 10 samples of 100 MB = 1 GB: read at 2 GB/s (0.5 s) while
  // it streams to node0 (5 us + 1e9 / 5e9 = 0.200005 s, hidden), then copied over PCIe: 1 us + 1e9 / 20e9 =
  // 0.050001 s. L = 0.550001 s. Compute C = 10 x 3 Tflops / 100 Tflops = 0.3 s. Batch i + 1 starts loading when
  // the GPU takes batch i, so iteration i starts at (i + 1) L: 5 iterations end at 5 L + C = 3.050005 s, and the
  // GPU waited 5 L - 4 C = 1.550005 s.
  auto run = train(R"(      hosts: 1
      training:
        iterations: 5
        batch: 10
        model: {parameters: 1000, flops_per_sample: 3Tf}
        input: {tier: data, sample_bytes: 100MB, readers: 1, prefetch: 1}
)");
  const auto& t = only(run);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(3.050005, 1e-6));
  REQUIRE_THAT(t.data_wait, WithinRel(1.550005, 1e-6));
  REQUIRE_THAT(t.compute, WithinRel(1.5, 1e-9));
}

TEST_CASE("with prefetch deep enough and storage fast enough only the first batch is waited for")
{
  // As above with 1 s of compute per batch (10 x 10 Tflops) and prefetch 2: after the first batch (L =
  // 0.550001 s, which nothing can hide) each next one is loaded while the GPU computes. 5 iterations: L + 5 s.
  auto run = train(R"(      hosts: 1
      training:
        iterations: 5
        batch: 10
        model: {parameters: 1000, flops_per_sample: 10Tf}
        input: {tier: data, sample_bytes: 100MB, readers: 1, prefetch: 2}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(5.550001, 1e-6));
  REQUIRE_THAT(only(run).data_wait, WithinRel(0.550001, 1e-6));
}

TEST_CASE("a sync checkpoint of C bytes stops training for the longer of C / W and its network time")
{
  // 1 GPU, 1 s per iteration, 6 iterations, a 1 GB checkpoint every 3 to the storage server's disk (write 1 GB/s):
  // the shard streams from node0 (5 us + 1e9 / 5e9 = 0.2 s) while the disk writes it (1 s): 1 s per checkpoint.
  // 6 s + 2 x 1 s = 8 s.
  auto run = train(R"(      hosts: 1
      training:
        iterations: 6
        batch: 1
        model: {parameters: 1000, flops_per_sample: 100Tf}
        checkpoint: {every: 3, tier: data, mode: sync, bytes: 1GB}
)");
  const auto& t = only(run);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(8.0, 1e-6));
  REQUIRE_THAT(t.checkpoint_stall, WithinRel(2.0, 1e-6));
  REQUIRE(t.checkpoints == 2);
}

TEST_CASE("an async checkpoint costs nothing while the tier keeps up")
{
  // As above in async mode with 8 iterations: each 1 s checkpoint drains within the next 3 s of training, the
  // last (after iteration 6) before iteration 8 ends: 8 s, no stall.
  auto run = train(R"(      hosts: 1
      training:
        iterations: 8
        batch: 1
        model: {parameters: 1000, flops_per_sample: 100Tf}
        checkpoint: {every: 3, tier: data, mode: async, bytes: 1GB}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(8.0, 1e-9));
  REQUIRE(only(run).checkpoint_stall == 0);
  REQUIRE(only(run).checkpoints == 2);
}

namespace {

// MLPerf Storage's unet3d on H100 (shared/data/mlperf-storage/unet3d_h100.yaml): batches of 7 samples of
// 146,600,628 B, 0.323 s of emulated compute per batch, 4 read threads. Accelerators of 1 Tflops get
// 0.323e12 / 7 flops per sample. One accelerator demands 7 x 146600628 / 0.323 = 3.1771 GB/s; the storage
// server's disk delivers 20 GB/s (tests/platforms/mlperf_storage.xml). MLPerf's AU = compute time / run time.
dcflow::test::Run mlperf(int accelerators)
{
  return simulate(R"(
name: mlperf
platform: mlperf_storage.xml
hosts:
  compute: "acc-*"
  storage: store
storage:
  data: {hosts: storage, disk: array}
workload:
  jobs: 1
  classes:
    unet3d:
      hosts: )" + std::to_string(accelerators) +
                  R"(
      training:
        iterations: 60
        batch: 7
        model: {parameters: 1000, flops_per_sample: 46.142857142857Gf}
        input: {tier: data, sample_bytes: 146600628, readers: 4, prefetch: 2}
)");
}

constexpr double kDemandPerAccelerator = 7 * 146600628.0 / 0.323;

} // namespace

TEST_CASE("MLPerf Storage shape: accelerator utilisation stays above 0.90 while storage keeps up")
{
  // 4 accelerators demand 12.7 GB/s of the disk's 20 GB/s.
  auto run = mlperf(4);
  REQUIRE(4 * kDemandPerAccelerator < 20e9);
  REQUIRE(run.results.training.classes.at(0).accelerator_utilization >= 0.90);
}

TEST_CASE("MLPerf Storage shape: above what storage delivers, utilisation falls to delivered / demanded")
{
  // 12 accelerators demand 38.1 GB/s: AU within 10% of 20 / 38.1 = 0.5245.
  auto run        = mlperf(12);
  double expected = 20e9 / (12 * kDemandPerAccelerator);
  REQUIRE_THAT(run.results.training.classes.at(0).accelerator_utilization, WithinRel(expected, 0.10));
}
