// Inference serving under failures (README "Failures", the inference rows) against hand-worked timelines.
// Platform tests/platforms/gpu_pair.xml with the roofline made exact (efficiency factors 1), as in
// test_inference.cpp: model of 1e9 parameters at 2 B (W = 2e9 B), KV per token 2 x 10 x 1 x 100 x 2 = 4000 B;
//   prefill(P)   = max(2e9 P / 1e14, 2e9 / 3e12)       = 2e-5 P s          (P >= 34)
//   decode(b, K) = max(2e9 b / 1e14, (2e9 + K) / 3e12) = (2e9 + K) / 3e12 s (b < 33)
// A request of P prompt and O output tokens: first token at the end of its prefill, then O - 1 decode steps,
// step i reading its P + i cached tokens. Weights from the disk tier on 'store' (2 GB/s) take W / 2e9 = 1 s
// (the flow store -> node0, 5e-6 + 2e9 / 5e9 s, hides behind the disk), then W over node0's PCIe link to the
// GPU, 1e-6 + 2e9 / 20e9 s: a load of 1.100001 s (the cold start of test_inference.cpp). LV08's factors are off
// where flows are timed. Profiles and traces are in tests/data/failures/. Every run also checks the invariant:
// submitted = completed + failed, each failed request with its cause (Simulation::run throws otherwise).
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

using dcflow::test::kExact;

constexpr double kW = 2e9, kKv = 4000, kBw = 3e12;
constexpr double kLoad = 1.0 + 1e-6 + 0.1; // the weights' disk read, then the PCIe copy

std::string scenario(const std::string& workload, const std::string& inference, const std::string& failures,
                     const std::string& extra = "")
{
  return R"(
name: inference_failures
platform: gpu_pair.xml
hosts:
  compute: {property: gpu}
  storage: store
  front: node0
storage:
  models: {hosts: storage, disk: nvme}
transfer: {protocol: udp}
workload:
)" + workload +
         R"(
  classes:
    chat:
      inference:
        model: {parameters: 1e9, layers: 10, kv_heads: 1, head_dim: 100}
        efficiency: {compute: 1, memory: 1}
)" + inference +
         extra + "failures:\n" + failures;
}

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
  REQUIRE(run.results.inference.served == completed);
  REQUIRE(run.results.inference.rejected + run.results.inference.failed == failed);
}

// Sum of the decode steps i = 1 .. n of one request of prompt P alone on its replica.
double decode_steps(int P, int n)
{
  double d = 0;
  for (int i = 1; i <= n; ++i)
    d += (kW + (P + i) * kKv) / kBw;
  return d;
}

} // namespace

TEST_CASE("inference: a replica that fails gives its request back to the router, which re-sends it to the other")
{
  // Two replicas (node0-gpu0, node0-gpu1), max_batch 1, two requests at t = 0 of P = 10000, O = 101: least
  // connection sends one to each. Alone, each takes its prefill (0.2 s) plus D = 100 decode steps of
  // (2e9 + (10000 + i) 4000) / 3e12 s: both would end at 0.2 + D = 0.26818 s. node0-gpu1 fails at 0.25 s for
  // good, during request 1's decode: decode steps end at 0.2 + 6.8e-4 n + 1.33e-9 n (n + 1) / 2, so 73 had ended
  // (0.249643 s; the 74th ends at 0.250327 s): it had 1 + 73 = 74 tokens, lost with its KV cache, and 0.25 GPU-s
  // of work. It goes back to the router at 0.25 s, to replica 0, where it waits behind request 0 (max_batch 1)
  // until 0.2 + D, then runs again in full: it ends at T = 0.4 + 2D, later by 0.2 + D; its TTFT, counted from
  // its first arrival, is 0.4 + D. Failures block: one retry, useful 2 (0.2 + D) GPU-s over that plus 0.25.
  // Replica 1 is down from 0.25 s to the run's end: availability 1 - (T - 0.25) / (2 T).
  auto run = simulate(scenario("",
                               "        trace: ../data/failures/inference_two_long.csv\n        replicas: 2\n"
                               "        batching: {mode: continuous, max_batch: 1}\n",
                               "  resources:\n    gpu1: {hosts: node0-gpu1, profile: ../data/failures/down_0.25.txt}\n",
                               "scheduling:\n  policy: least_connection\n"));
  check_conservation(run);
  const double D   = decode_steps(10000, 100);
  const double T   = 0.4 + 2 * D;
  const auto& reqs = run.records.inference.requests;
  CHECK_THAT(reqs.at(0).end, WithinRel(0.2 + D, 1e-9));
  CHECK(reqs.at(0).retries == 0);
  CHECK(reqs.at(1).replica == 0);
  CHECK(reqs.at(1).retries == 1);
  CHECK(reqs.at(1).tokens_lost == 74);
  CHECK_THAT(reqs.at(1).admitted, WithinRel(0.2 + D, 1e-9));
  CHECK_THAT(reqs.at(1).end, WithinRel(T, 1e-9));
  CHECK_THAT(run.records.jobs.at(1).lost_work, WithinRel(0.25, 1e-9));
  CHECK_THAT(run.results.simulated_time_s, WithinRel(T, 1e-9));
  const auto& inf = run.results.inference;
  CHECK(inf.served == 2);
  CHECK_THAT(inf.ttft.at(1), WithinRel(0.4 + D, 1e-9));
  CHECK_THAT(inf.e2e.at(1), WithinRel(T, 1e-9));
  CHECK(inf.requests_retried == 1);
  CHECK(inf.tokens_lost == 74);
  CHECK(inf.replica_outages == 1);
  CHECK_THAT(inf.replica_downtime_s, WithinRel(T - 0.25, 1e-9));
  CHECK_THAT(inf.availability, WithinRel(1 - (T - 0.25) / (2 * T), 1e-9));
  const auto& f = run.results.failures;
  CHECK(f.retries == 1);
  CHECK(f.jobs_retried == 1);
  CHECK(f.jobs_failed == 0);
  CHECK_THAT(f.lost_work, WithinRel(0.25, 1e-9));
  CHECK_THAT(f.goodput, WithinRel(2 * (0.2 + D) / (2 * (0.2 + D) + 0.25), 1e-9));
  // No step ran on replica 1 after its failure.
  for (const auto& st : run.records.inference.steps)
    if (st.replica == 1)
      CHECK(st.end <= 0.25);
}

TEST_CASE("inference: with its only replica down, requests wait at the router until it is back and reloaded")
{
  // One replica (node0-gpu0), weights on the 'models' tier. Request 0 (P = 10000, O = 1: a 0.2 s prefill) starts
  // at 0; node0-gpu0 fails at 0.1 s: 0.1 GPU-s lost, no token; it goes back to the router. Request 1 arrives at
  // 1 s and waits there too. The GPU is back at 5 s; the replica reloads its weights (1.100001 s) and serves from
  // 6.100001 s: one prefill of both requests, 2e-5 x 20000 = 0.4 s: both end at 6.500001 s. Replica outage:
  // down 4.9 s, not serving 6.000001 s.
  auto run =
      simulate(scenario("",
                        "        trace: ../data/failures/inference_0_1.csv\n        replicas: 1\n"
                        "        weights: {tier: models}\n",
                        "  resources:\n    gpu0: {hosts: node0-gpu0, profile: ../data/failures/down_0.1_5.txt}\n"),
               kExact);
  check_conservation(run);
  const auto& reqs    = run.records.inference.requests;
  const auto& outages = run.records.inference.outages;
  REQUIRE(outages.size() == 1);
  CHECK_THAT(outages[0].down, WithinAbs(0.1, 1e-12));
  CHECK_THAT(outages[0].back, WithinAbs(5, 1e-12));
  CHECK_THAT(outages[0].serving, WithinRel(5 + kLoad, 1e-6));
  CHECK(outages[0].cause == "host node0-gpu0 failed at 0.1 s");
  for (const auto& q : reqs) {
    CHECK_THAT(q.admitted, WithinRel(5 + kLoad, 1e-6));
    CHECK_THAT(q.end, WithinRel(5 + kLoad + 0.4, 1e-6));
  }
  CHECK(reqs.at(0).retries == 1);
  CHECK(reqs.at(1).retries == 0);
  CHECK(reqs.at(0).tokens_lost == 0);
  CHECK_THAT(run.records.jobs.at(0).lost_work, WithinRel(0.1, 1e-9));
  const auto& inf = run.results.inference;
  CHECK_THAT(inf.replica_downtime_s, WithinRel(4.9, 1e-9));
  CHECK_THAT(inf.replica_unavailable_s, WithinRel(5 + kLoad - 0.1, 1e-6));
  CHECK_THAT(inf.reload_mean_s, WithinRel(kLoad, 1e-6));
  CHECK_THAT(inf.ttft.at(1), WithinRel(5 + kLoad + 0.4 - 1, 1e-6)); // from its arrival at 1 s
}

namespace {

// The case above with storage-fabric (on the route store -> node0) down from 5.2 s to 8 s, and `more` failure
// groups.
dcflow::test::Run reload_cut_by_fabric(const std::string& more = "")
{
  return simulate(scenario("",
                           "        trace: ../data/failures/inference_0_1.csv\n        replicas: 1\n"
                           "        weights: {tier: models}\n",
                           "  resources:\n    gpu0: {hosts: node0-gpu0, profile: ../data/failures/down_0.1_5.txt}\n"
                           "    fabric: {links: storage-fabric, profile: ../data/failures/link_5.2_8.txt}\n" +
                               more),
                  kExact);
}

// Its load begun again at 8 s: serving at 8 + kLoad, both requests 0.4 s later.
void check_reloaded_at_8(const dcflow::test::Run& run)
{
  check_conservation(run);
  const auto& outages = run.records.inference.outages;
  REQUIRE(outages.size() == 1);
  CHECK_THAT(outages[0].serving, WithinRel(8 + kLoad, 1e-6));
  for (const auto& q : run.records.inference.requests)
    CHECK_THAT(q.end, WithinRel(8 + kLoad + 0.4, 1e-6));
}

} // namespace

TEST_CASE("inference: a weight reload cut by a link failure starts again when the link is back")
{
  // The case above, with the link storage-fabric (on the route store -> node0) down from 5.2 s to 8 s. The
  // reload begins at 5 s: its flow (5e-6 + 0.4 s) is cut at 5.2 s; the disk read ends at 6 s; the load is then
  // abandoned and begun again at 8 s, when the link is back: serving at 8 + 1.100001 s, both requests end 0.4 s
  // later.
  auto run = reload_cut_by_fabric();
  check_reloaded_at_8(run);
}

TEST_CASE("inference: a cut weight reload waits only for the down links of its flows' routes")
{
  // The case above, with node1-storage-nic (on no route of the load, used by no flow of the run) down from 2 s
  // to 20 s as well. The shipping cut at 5.2 s crosses store-nic, storage-fabric and node0-storage-nic: the load
  // is begun again at 8 s, when storage-fabric is back, as above (before, it waited for every link down then:
  // until 20 s).
  auto run = reload_cut_by_fabric("    other: {links: node1-storage-nic, profile: ../data/failures/wire_2_20.txt}\n");
  check_reloaded_at_8(run);
}

TEST_CASE("inference: beyond its retry limit a request fails with its cause")
{
  // One replica (node0-gpu0), no weights tier (back at once), MTBF 1.5 s and MTTR 0.5 s (constants): down
  // 1.5-2, 3.5-4, ... One request of P = 100000 (a 2 s prefill), O = 1: admitted at 0, given back at 1.5 s
  // (retry 1 of 1), admitted again at 2 s when the GPU is back, given back at 3.5 s: beyond retry_limit 1 it
  // fails, "host node0-gpu0 failed at 3.5 s", with 1.5 + 1.5 GPU-s lost; the run ends then.
  auto run =
      simulate(scenario("  jobs: 1", "        prompt: 100000\n        output: 1\n        replicas: 1\n",
                        "  retry_limit: 1\n  resources:\n    gpu0: {hosts: node0-gpu0, mtbf: 1500ms, mttr: 500ms}\n"));
  check_conservation(run);
  const auto& job = run.records.jobs.at(0);
  CHECK(job.status == dcflow::JobStatus::Failed);
  CHECK(job.cause == "host node0-gpu0 failed at 3.5 s");
  CHECK(job.retries == 1);
  CHECK_THAT(job.lost_work, WithinAbs(3, 1e-9));
  CHECK_THAT(run.results.simulated_time_s, WithinAbs(3.5, 1e-9));
  CHECK(run.results.inference.failed == 1);
  CHECK(run.results.inference.failed_by_cause.at("host node0-gpu0 failed at 3.5 s") == 1);
  CHECK(run.results.inference.served == 0);
  CHECK(run.results.failures.goodput == 0);
  CHECK(run.results.inference.goodput == 0);
}

TEST_CASE("inference: when no replica will ever serve again, the requests that arrive fail with the cause")
{
  // One replica (node0-gpu0), a request every second from t = 0 (P = 1000, O = 1: 0.02 s each). The GPU fails at
  // 5.5 s and never comes back: requests 0-5 are served; 6-9, arriving at 6 ... 9 s, fail on arrival with the
  // cause; the run ends at 9 s.
  auto run = simulate(scenario(
      "  arrival: interval\n  rate: 1\n  jobs: 10", "        prompt: 1000\n        output: 1\n        replicas: 1\n",
      "  resources:\n    gpu0: {hosts: node0-gpu0, profile: ../data/failures/gpu_down_5.5.txt}\n"));
  check_conservation(run);
  const std::string cause = "no replica left to serve it: host node0-gpu0 failed at 5.5 s, which never came back";
  for (int i = 0; i < 10; ++i) {
    const auto& job = run.records.jobs.at(static_cast<std::size_t>(i));
    CHECK(job.status == (i < 6 ? dcflow::JobStatus::Completed : dcflow::JobStatus::Failed));
    if (i >= 6) {
      CHECK(job.cause == cause);
      CHECK_THAT(job.end, WithinAbs(i, 1e-9));
    }
  }
  CHECK_THAT(run.results.simulated_time_s, WithinAbs(9, 1e-9));
}

namespace {

// One request (P = 1000, O = 1) whose 1e9-byte payload goes from 'store' to the front end node0; `failures` is
// the failures section's body.
dcflow::test::Run one_payload(const std::string& failures)
{
  return simulate(scenario("  jobs: 1",
                           "        prompt: 1000\n        output: 1\n        replicas: 1\n"
                           "        ingest: {from: storage, to: front, bytes: 1e9}\n",
                           failures),
                  kExact);
}

// Its payload sent again at 0.5 s, when storage-fabric is back: it lands at 0.700005 s, the only token at
// 0.720005 s; one retry.
void check_payload_resent_at_half(const dcflow::test::Run& run)
{
  check_conservation(run);
  const auto& q = run.records.inference.requests.at(0);
  CHECK(q.retries == 1);
  CHECK_THAT(q.ingested, WithinRel(0.700005, 1e-9));
  CHECK_THAT(q.end, WithinRel(0.720005, 1e-9));
}

} // namespace

TEST_CASE("inference: a payload cut by a link failure is sent again when the link is back")
{
  // One request whose 1e9-byte payload goes from 'store' to the front end node0 over UDP (no codec): the flow
  // takes 5e-6 + 1e9 / 5e9 = 0.200005 s on store-nic, storage-fabric, node0-storage-nic. storage-fabric fails at
  // 0.1 s and is back at 0.5 s: the payload is sent again then and lands at 0.700005 s (one retry); the prefill
  // of P = 1000 (0.02 s) gives the first and only token at 0.720005 s.
  auto run = one_payload("  resources:\n    fabric: {links: storage-fabric, profile: ../data/failures/link_0.1_0.5.txt}\n");
  check_payload_resent_at_half(run);
  CHECK(run.results.failures.retries == 1);
}

TEST_CASE("inference: a cut payload waits only for the down links of its own route")
{
  // As above, with node1-storage-nic, which the payload's route (store-nic, storage-fabric, node0-storage-nic)
  // does not cross and no flow of the run uses, down from 0.1 s to 5 s too. The payload is sent again when
  // storage-fabric is back at 0.5 s and lands at 0.700005 s, as above (not at 5 + 0.200005 s, when every link
  // down at the cut would be back); the first and only token at 0.720005 s.
  auto run = one_payload("  resources:\n    fabric: {links: storage-fabric, profile: ../data/failures/link_0.1_0.5.txt}\n"
                         "    other: {links: node1-storage-nic, profile: ../data/failures/down_0.1_5.txt}\n");
  check_payload_resent_at_half(run);
  CHECK(run.results.failures.classes[1].resources == 2); // both links did fail
}

TEST_CASE("inference: a cut payload beyond its retry limit names only the down links of its own route")
{
  // The scenario above with retry_limit 0: the request fails when its payload is cut at 0.1 s, with
  // storage-fabric alone as the cause (node1-storage-nic is down too, on no route of the request).
  auto run = one_payload("  retry_limit: 0\n  resources:\n"
                         "    fabric: {links: storage-fabric, profile: ../data/failures/link_0.1_0.5.txt}\n"
                         "    other: {links: node1-storage-nic, profile: ../data/failures/down_0.1_5.txt}\n");
  check_conservation(run);
  const auto& job = run.records.jobs.at(0);
  CHECK(job.status == dcflow::JobStatus::Failed);
  CHECK(job.cause == "link storage-fabric failed at 0.1 s");
}

TEST_CASE("inference: conservation under a storm of random failures, no step on a replica that is down")
{
  // 4 replicas with autoscaling (2 to 4, weights from 'models'), 400 Poisson requests at 20/s with ingest over
  // storage-fabric; GPUs fail with an exponential MTBF of 4 s (MTTR 1 s), the nodes' CPU hosts with 10 s (MTTR
  // 1 s), storage-fabric with 5 s (MTTR 0.3 s); retry limit 2. Every request is served or failed with its
  // cause, no step of a replica starts while it is out of service (from its failure to its return to service),
  // and the inference and failures blocks agree on the counts.
  auto run = simulate(
      scenario("  arrival: poisson\n  rate: 20\n  jobs: 400",
               "        prompt: {dist: uniform, min: 1000, max: 5000}\n"
               "        output: {dist: uniform, min: 10, max: 200}\n"
               "        batching: {mode: continuous, max_batch: 8}\n"
               "        weights: {tier: models}\n"
               "        max_outstanding: 16\n"
               "        ingest: {from: storage, to: front, bytes: 10MB}\n",
               "  retry_limit: 2\n  resources:\n"
               "    gpus: {role: compute, mtbf: {dist: exponential, mean: 4s}, mttr: {dist: exponential, mean: 1s}}\n"
               "    nodes: {hosts: \"node[0-1]\", mtbf: {dist: exponential, mean: 10s}, mttr: 1s}\n"
               "    fabric: {links: storage-fabric, mtbf: {dist: exponential, mean: 5s}, mttr: 300ms}\n",
               "scheduling:\n  policy: least_connection\n  autoscale: {min: 2, max: 4, initial: 2, interval: 1s, "
               "scale_out_queue: 4, boot_time: 2s, cooldown: 2s}\n"),
      kExact);
  check_conservation(run);
  const auto& inf = run.results.inference;
  CHECK(inf.requests == 400);
  CHECK(inf.served > 0);
  CHECK(inf.replica_outages > 5);
  CHECK(inf.requests_retried > 0);
  CHECK(run.results.failures.classes[0].failures > 5);
  CHECK(run.results.failures.classes[1].failures > 0);
  CHECK(run.results.failures.retries == inf.retries);
  std::int64_t failed = 0;
  for (const auto& q : run.records.inference.requests)
    failed += q.failed.empty() ? 0 : 1;
  CHECK(failed == inf.failed);
  for (const auto& o : run.records.inference.outages) {
    double until = o.serving >= 0 ? o.serving : run.results.simulated_time_s;
    for (const auto& st : run.records.inference.steps)
      if (st.replica == o.replica)
        CHECK_FALSE((st.start >= o.down && st.start < until));
    for (const auto& q : run.records.inference.requests)
      if (q.replica == o.replica && q.end >= 0)
        CHECK_FALSE((q.admitted >= o.down && q.admitted < until));
  }
}

TEST_CASE("inference: with autoscaling, a replica lost for good is replaced by one switched off")
{
  // Autoscaling with min 1 (and a scale-out queue of 100 that this load never reaches): only replica 0
  // (node0-gpu0) is on. A request every second from t = 0 (P = 1000, O = 1: 0.02 s each). node0-gpu0 fails at
  // 5.5 s for good: the fleet has no live replica left, so replica 1 boots at once (boot_time 1 s, no weights
  // tier): it serves from 6.5 s. Request 6, arriving at 6 s, waits at the router and ends at 6.52 s; 7-9 end
  // 0.02 s after their arrivals. Every request is served.
  auto run =
      simulate(scenario("  arrival: interval\n  rate: 1\n  jobs: 10", "        prompt: 1000\n        output: 1\n",
                        "  resources:\n    gpu0: {hosts: node0-gpu0, profile: ../data/failures/gpu_down_5.5.txt}\n",
                        "scheduling:\n  policy: least_connection\n  autoscale: {min: 1, max: 4, interval: 1s, "
                        "scale_out_queue: 100, boot_time: 1s}\n"));
  check_conservation(run);
  const auto& reqs = run.records.inference.requests;
  const auto& cold = run.records.inference.cold_starts;
  REQUIRE(cold.size() == 1);
  CHECK(cold[0].replica == 1);
  CHECK_THAT(cold[0].on, WithinAbs(5.5, 1e-9));
  CHECK_THAT(cold[0].serving, WithinAbs(6.5, 1e-9));
  CHECK(run.results.inference.served == 10);
  CHECK_THAT(reqs.at(6).end, WithinRel(6.52, 1e-9));
  for (int i = 7; i < 10; ++i)
    CHECK_THAT(reqs.at(static_cast<std::size_t>(i)).end, WithinRel(i + 0.02, 1e-9));
}

TEST_CASE("inference: the autoscaler does not count a replica that is down as capacity")
{
  // Four replicas, autoscaling with min 1, initial 2, scale-out at a busy fraction of 0.6 (policy/autoscaler:
  // busy active replicas / active replicas), a look every second. One long request at t = 0 (P = 1000, O = 5000:
  // about 3.4 s of decode) runs on replica 0; replica 1 (node0-gpu1) is idle and fails at 0.5 s until 10.5 s. At
  // the look at 1 s the replicas up and on are replica 0 alone, busy: 1 / 1 >= 0.6, so replica 2 (the first one
  // switched off) boots. Had the down replica counted as idle capacity, the fraction would be 1 / 2 < 0.6 and
  // nothing would boot. (Replacement does not apply: one replica up and on meets min 1.)
  auto run =
      simulate(scenario("", "        trace: ../data/failures/inference_one_long.csv\n",
                        "  resources:\n    gpu1: {hosts: node0-gpu1, profile: ../data/failures/down_0.5_10.5.txt}\n",
                        "scheduling:\n  policy: least_connection\n  autoscale: {min: 1, max: 4, initial: 2, "
                        "interval: 1s, scale_out_util: 0.6, boot_time: 1s, scale_in_idle: 1000s}\n"));
  check_conservation(run);
  const auto& cold = run.records.inference.cold_starts;
  REQUIRE(cold.size() == 1);
  CHECK(cold[0].replica == 2);
  CHECK_THAT(cold[0].on, WithinAbs(1, 1e-9));
  CHECK(run.records.inference.requests.at(0).replica == 0);
}
