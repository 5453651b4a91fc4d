// Inference serving against hand-worked step times and queueing theory. Platform tests/platforms/gpu_pair.xml:
// GPUs of 100 Tflops with 80 GB of HBM at 3 TB/s; efficiency factors set to 1, so the roofline is exact:
//   model: 1e9 parameters at 2 B -> W = 2e9 B; KV per token = 2 x 10 layers x 1 head x 100 x 2 B = 4000 B
//   prefill(P)      = max(2e9 P / 1e14, 2e9 / 3e12)            = 2e-5 P s        (P >= 34)
//   decode(b, K)    = max(2e9 b / 1e14, (2e9 + K) / 3e12)      = (2e9 + K) / 3e12 (b < 33)
// A request of P prompt and O output tokens: first token at the end of its prefill, then O - 1 decode steps,
// step i reading its P + i cached tokens.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

using dcflow::test::kExact;

std::string scenario(const std::string& workload, const std::string& inference, const std::string& extra = "")
{
  return R"(
name: inference
platform: gpu_pair.xml
hosts:
  compute: {property: gpu}
  storage: store
  front: node0
storage:
  models: {hosts: storage, disk: nvme}
transfer: {protocol: rdma}
workload:
)" + workload + R"(
  classes:
    chat:
      inference:
        model: {parameters: 1e9, layers: 10, kv_heads: 1, head_dim: 100}
        efficiency: {compute: 1, memory: 1}
)" + inference + extra;
}

constexpr double kW = 2e9, kKv = 4000, kBw = 3e12;

} // namespace

TEST_CASE("inference: one request alone is its prefill, then output - 1 decode steps")
{
  // P = 1000, O = 5: TTFT = prefill = 2e9 x 1000 / 1e14 = 0.02 s (above W / B = 6.7e-4 s);
  // then steps i = 1..4 of (2e9 + (1000 + i) x 4000) / 3e12 s each.
  auto run = simulate(scenario("  jobs: 1", "        prompt: 1000\n        output: 5\n        replicas: 1\n"));
  const auto& q = run.records.inference.requests.at(0);
  double decode = 0;
  for (int i = 1; i <= 4; ++i)
    decode += (kW + (1000 + i) * kKv) / kBw;
  CHECK_THAT(q.first_token - q.arrival, WithinRel(0.02, 1e-9));
  CHECK_THAT(q.end - q.arrival, WithinRel(0.02 + decode, 1e-9));
  CHECK_THAT(run.results.inference.tpot.at(0), WithinRel(decode / 4, 1e-9));
}

TEST_CASE("inference: a batch of b identical requests started together")
{
  // b = 4 requests at t = 0 on one replica: one prefill of 4000 tokens = 2e9 x 4000 / 1e14 = 0.08 s, then decode
  // step i of batch 4 reads 4 x (1000 + i) cached tokens: (2e9 + 4 (1000 + i) 4000) / 3e12 (the flops term,
  // 2e9 x 4 / 1e14 = 8e-5 s, is below it). All four end together after 4 steps.
  auto run = simulate(scenario("  jobs: 4", "        prompt: 1000\n        output: 5\n        replicas: 1\n"));
  double decode = 0;
  for (int i = 1; i <= 4; ++i)
    decode += (kW + 4 * (1000 + i) * kKv) / kBw;
  for (const auto& q : run.records.inference.requests) {
    CHECK_THAT(q.first_token, WithinRel(0.08, 1e-9));
    CHECK_THAT(q.end, WithinRel(0.08 + decode, 1e-9));
  }
  REQUIRE(run.results.inference.step_batch.size() == 4);
  CHECK(run.results.inference.step_batch.front() == 4);
}

TEST_CASE("inference: the KV cache admits at most n requests at once on a burst, the rest wait")
{
  // memory_fraction f gives a KV cache of 80e9 f - 2e9 bytes; each request reserves (1000 + 5) x 4000 = 4.02e6 B.
  // f = (2e9 + 3.5 x 4.02e6) / 80e9 leaves room for 3.5 requests: 3 run at once, the other 7 of the burst wait.
  double f = (2e9 + 3.5 * 4.02e6) / 80e9;
  auto run = simulate(scenario("  jobs: 10", "        prompt: 1000\n        output: 5\n        replicas: 1\n"
                                             "        memory_fraction: " + std::to_string(f) + "\n"));
  const auto& reqs = run.records.inference.requests;
  int most = 0;
  for (const auto& a : reqs) { // requests holding the cache at a's admission
    int n = 0;
    for (const auto& b : reqs)
      n += (b.admitted <= a.admitted + 1e-12 && b.end > a.admitted + 1e-12) ? 1 : 0;
    most = std::max(most, n);
  }
  CHECK(most == 3);
  CHECK(run.results.inference.served == 10);
  int waited = 0;
  for (const auto& q : reqs)
    waited += q.admitted > q.arrival ? 1 : 0;
  CHECK(waited == 7);
}

TEST_CASE("inference: a request whose cache can never fit is rejected with its cause")
{
  // The trace's second request needs (100000 + 5) x 4000 = 4.0e8 B; f = 0.03 leaves 80e9 x 0.03 - 2e9 = 4e8 B.
  auto run = simulate(scenario("", "        trace: ../data/inference_trace.csv\n        replicas: 1\n"
                                   "        memory_fraction: 0.03\n"));
  CHECK(run.results.inference.served == 2);
  CHECK(run.results.inference.rejected == 1);
  CHECK(run.results.inference.rejected_by_cause.at("kv_cache") == 1);
  CHECK(run.records.inference.requests.at(1).rejected == "kv_cache");
  CHECK(run.results.failed == 1);
}

TEST_CASE("inference: Little's law on a long run")
{
  // L = lambda W: the time-average number of requests in the system (from the time series: waiting + running)
  // equals the arrival rate (the scenario's, 30/s) times the mean time in system, within 2%.
  auto run = simulate(scenario("  arrival: poisson\n  rate: 30\n  jobs: 20000",
                               "        prompt: {dist: uniform, min: 100, max: 2000}\n"
                               "        output: {dist: uniform, min: 10, max: 200}\n"
                               "        replicas: 2\n"),
                      kExact);
  double area = 0, width = run.results.timeseries.at(1).start - run.results.timeseries.at(0).start;
  for (const auto& b : run.results.timeseries)
    area += (b.queue_length + b.running_jobs) * width;
  double L = area / run.results.simulated_time_s;
  double W = std::accumulate(run.results.inference.e2e.begin(), run.results.inference.e2e.end(), 0.0) /
             static_cast<double>(run.results.inference.e2e.size());
  CHECK_THAT(L, WithinRel(30 * W, 0.02));
}

TEST_CASE("inference: batch size 1 with constant steps and Poisson arrivals is an M/D/1 queue")
{
  // P = 100, O = 2: D = prefill + one decode step = 2e9 x 100 / 1e14 + (2e9 + 101 x 4000) / 3e12 s; max_batch 1
  // serves one request at a time. At rho = 0.7 (lambda = 0.7 / D) the mean wait is rho / (2 mu (1 - rho)) =
  // rho D / (2 (1 - rho)) (Pollaczek-Khinchine with zero service variance); 200,000 arrivals, 3%.
  double D      = 2e9 * 100 / 1e14 + (kW + 101 * kKv) / kBw;
  double lambda = 0.7 / D;
  auto run      = simulate(scenario("  arrival: poisson\n  rate: " + std::to_string(lambda) + "\n  jobs: 200000",
                                    "        prompt: 100\n        output: 2\n        replicas: 1\n"
                                    "        batching: {mode: continuous, max_batch: 1}\n"));
  double rho = lambda * D;
  CHECK_THAT(run.results.wait.mean, WithinRel(rho * D / (2 * (1 - rho)), 0.03));
  CHECK_THAT(run.results.inference.e2e.front() - run.records.inference.requests.front().admitted +
                 run.records.inference.requests.front().arrival,
             WithinRel(D, 1e-9));
}

TEST_CASE("inference: static batching waits max_wait, then runs the batch as one")
{
  // max_batch 4, max_wait 0.1 s, 2 requests at t = 0: the batch starts at 0.1 s with both: prefill of 2000 tokens
  // (0.04 s), then 4 decode steps of batch 2 reading 2 (1000 + i) tokens.
  auto run = simulate(scenario("  jobs: 2", "        prompt: 1000\n        output: 5\n        replicas: 1\n"
                                            "        batching: {mode: static, max_batch: 4, max_wait: 100ms}\n"));
  double decode = 0;
  for (int i = 1; i <= 4; ++i)
    decode += (kW + 2 * (1000 + i) * kKv) / kBw;
  for (const auto& q : run.records.inference.requests) {
    CHECK_THAT(q.admitted, WithinRel(0.1, 1e-9));
    CHECK_THAT(q.first_token, WithinRel(0.14, 1e-9));
    CHECK_THAT(q.end, WithinRel(0.14 + decode, 1e-9));
  }
}

TEST_CASE("inference: a replica switched on loads its weights from storage before it serves")
{
  // Autoscaling from 1 replica (of 4, tensor_parallel 1) with boot_time 5 s; a request every 0.1 s keeps
  // replica 0 busy, so at its first look (t = 1 s) the autoscaler switches replica 1 on. After its boot, node0's CPU reads W = 2e9 B from the disk
  // tier on 'store' (2 GB/s: 1 s) while the bytes stream over store-nic (5 GB/s, route latency 1+3+1 us:
  // 5e-6 + 0.4 s, hidden by the disk), then copies W to the GPU over PCIe (20 GB/s, 1 us): 1e-6 + 0.1 s.
  // Weight loading = 1 + 1e-6 + 0.1 s (closed forms of tests/sim/test_closed_forms.cpp: S / b for a disk read,
  // L + S / B for a flow with the factors off).
  auto run = simulate(scenario("  arrival: interval\n  rate: 10\n  jobs: 400", "        prompt: 1000\n        output: 500\n"
                                              "        batching: {mode: continuous, max_batch: 4}\n"
                                              "        weights: {tier: models}\n",
                               "scheduling:\n  policy: least_connection\n  autoscale: {min: 1, max: 2, interval: 1s, "
                               "scale_out_util: 0.5, boot_time: 5s, cooldown: 100s}\n"),
                      kExact);
  const auto& cold = run.records.inference.cold_starts;
  REQUIRE(cold.size() >= 1);
  CHECK_THAT(cold[0].booted - cold[0].on, WithinRel(5.0, 1e-9));
  CHECK_THAT(cold[0].serving - cold[0].booted, WithinRel(1.0 + 1e-6 + 0.1, 1e-6));
  CHECK(run.results.inference.served == 400);
  bool second_served = false;
  for (const auto& q : run.records.inference.requests)
    if (q.replica == 1) {
      second_served = true;
      CHECK(q.admitted >= cold[0].serving);
    }
  CHECK(second_served);
}

TEST_CASE("inference: a request's payload is ingested with the class's transfer settings before its prefill")
{
  // One request (P = 1000, O = 1) whose 1e9-byte payload goes from 'store' to the front end node0 (8 cores
  // each) with a codec of ratio 4, 1e9 B/s compression and 2e9 B/s decompression per core, over UDP (no window,
  // efficiency 1): compression 1e9 / (1e9 x 8) = 0.125 s on store; 2.5e8 B on the route store-nic,
  // storage-fabric, node0-storage-nic (latency 1 + 3 + 1 us, narrowest 5 GB/s): 5e-6 + 0.05 s (L + S / B with
  // the factors off, tests/sim/test_closed_forms.cpp); decompression 1e9 / (2e9 x 8) = 0.0625 s on node0.
  // Ingest = 0.2375 + 5e-6 s; then the prefill, 2e9 x 1000 / 1e14 = 0.02 s: TTFT = 0.2575 + 5e-6 s.
  auto run = simulate(
      scenario("  jobs: 1",
               "        prompt: 1000\n        output: 1\n        replicas: 1\n"
               "        ingest: {from: storage, to: front, bytes: 1e9}\n",
               "      transfer: {protocol: udp, compression: {ratio: 4, compress_rate: 1e9, decompress_rate: 2e9}}\n") +
          "",
      kExact);
  const auto& q = run.records.inference.requests.at(0);
  CHECK_THAT(q.payload, WithinRel(1e9, 1e-12));
  CHECK_THAT(q.ingested - q.arrival, WithinRel(0.2375 + 5e-6, 1e-9));
  CHECK_THAT(q.first_token - q.arrival, WithinRel(0.2575 + 5e-6, 1e-9));
  CHECK_THAT(run.results.inference.ingest_time.at(0), WithinRel(0.2375 + 5e-6, 1e-9));
}

TEST_CASE("inference: with max_outstanding, requests wait at the router for a replica with room")
{
  // Two replicas, max_batch 1, three requests at t = 0 (tests/data/router_queue_trace.csv): a long one (P =
  // 10000: prefill 2e9 x 10000 / 1e14 = 0.2 s) and two short ones (P = 1000: 0.02 s), O = 1. With
  // max_outstanding 1 each replica holds one request and the third waits at the router until the short one
  // ends at 0.02 s, then runs on that replica: it ends at 0.04 s. Routed on arrival instead (no cap),
  // least_connection sends it to replica 0 (both hold one; the lower index wins), behind the long one: 0.22 s.
  auto ends = [](const std::string& cap) {
    auto run = simulate(scenario("", "        trace: ../data/router_queue_trace.csv\n        replicas: 2\n" + cap +
                                         "        batching: {mode: continuous, max_batch: 1}\n",
                                 "scheduling:\n  policy: least_connection\n"));
    return run.records.inference.requests.at(2).end;
  };
  CHECK_THAT(ends("        max_outstanding: 1\n"), WithinRel(0.04, 1e-9));
}

TEST_CASE("inference: without max_outstanding, requests are routed on arrival")
{
  // The case above without the cap: the third request queues behind the long one on replica 0 and ends at
  // 0.2 + 0.02 = 0.22 s.
  auto run = simulate(scenario("", "        trace: ../data/router_queue_trace.csv\n        replicas: 2\n"
                                   "        batching: {mode: continuous, max_batch: 1}\n",
                               "scheduling:\n  policy: least_connection\n"));
  CHECK_THAT(run.records.inference.requests.at(2).end, WithinRel(0.22, 1e-9));
}
