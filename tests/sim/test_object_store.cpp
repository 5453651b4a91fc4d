// An object tier (kind: object) against hand-worked times. lab.xml: the object store's server "src" and the
// compute host dst-0 are joined by one link "wire" of B = 1.25 GBps and L = 1 ms. Under SimGrid's default
// network model (LV08) a lone flow of S bytes takes 13.01 L + S / (0.97 B / 1.05) (latency factor 13.01,
// bandwidth factor 0.97, and 1.05 for TCP's header bytes over the bandwidth: the same figures as the
// transfer tests). A request first waits for the tier's request-rate limit, then for the first-byte latency
// f, then moves its bytes at most at the per-connection cap c (SimGrid bounds the flow's rate at c; the
// network factors do not apply to that bound):
//   one request:  f + 13.01 L + S / min(c, 0.97 B / 1.05)
//   k requests against q requests/s, each shorter than 1/q: the last starts at (k - 1) / q.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;

namespace {

constexpr double kL       = 1e-3;
constexpr double kWire    = 0.97 * 1.25e9 / 1.05; // a lone flow's rate on the wire, B/s
constexpr double kLatency = 13.01 * kL;

dcflow::test::Run object_job(const std::string& tier, const std::string& stage)
{
  return dcflow::test::simulate(R"(
name: object
platform: lab.xml
hosts: {compute: dst-0, storage: src}
storage:
  s3: {kind: object, hosts: storage, )" +
                                tier + R"(}
workload:
  jobs: 1
  classes:
    io: {stages: {data: {)" + stage +
                                R"(, tier: s3}}}
)");
}

const dcflow::Results::TierTotal& s3(const dcflow::test::Run& run)
{
  REQUIRE(run.results.tiers.size() == 1);
  REQUIRE(run.results.tiers[0].kind == "object");
  return run.results.tiers[0];
}

} // namespace

TEST_CASE("object tier: one ranged GET takes first-byte latency + S / min(connection cap, link rate)")
{
  // f = 100 ms, S = 100 MB in one request, c = 50 MBps < 0.97 B / 1.05: 0.1 + 0.01301 + 2.0 = 2.11301 s.
  auto capped = object_job("first_byte_latency: 100ms, request_size: 100MB, connections: 1, "
                           "connection_bandwidth: 50MBps, request_rate: 0",
                           "kind: read, bytes: 100MB");
  REQUIRE_THAT(capped.results.simulated_time_s, WithinRel(0.1 + kLatency + 1e8 / 50e6, 1e-6));
  REQUIRE(s3(capped).read_requests == 1);
  REQUIRE(s3(capped).bytes_read == 1e8);
}

// One simulation per process: each case runs one scenario.
TEST_CASE("object tier: without a per-connection cap one request runs at the link's rate")
{
  // 0.1 + 0.01301 + 1e8 / 1.1548e9 = 0.19960 s.
  auto uncapped = object_job("first_byte_latency: 100ms, request_size: 100MB, connections: 1, "
                             "connection_bandwidth: 0, request_rate: 0",
                             "kind: read, bytes: 100MB");
  REQUIRE_THAT(uncapped.results.simulated_time_s, WithinRel(0.1 + kLatency + 1e8 / kWire, 1e-6));
}

TEST_CASE("object tier: k requests against a rate limit of q/s start 1/q apart")
{
  // 20 requests of 1 MB on 20 connections, q = 5/s: request i starts at i / 5 s and takes
  // f + 13.01 L + 1e6 / (0.97 B / 1.05) = 0.1139 s < 1/q, so no two overlap on the wire. The last ends at
  // 19 / 5 + 0.1139 s; the whole read takes at least (k - 1) / q = 3.8 s, whatever the network.
  auto run = object_job("first_byte_latency: 100ms, request_size: 1MB, connections: 20, connection_bandwidth: 0, "
                        "request_rate: 5/s",
                        "kind: read, bytes: 20MB");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(19.0 / 5 + 0.1 + kLatency + 1e6 / kWire, 1e-6));
  REQUIRE(s3(run).read_requests == 20);
}

TEST_CASE("object tier: connections multiply a capped client's throughput")
{
  // 800 MB in 100 MB requests with f = 0.1 s (no rate limit).
  // 4 connections at c = 50 MBps: each moves 2 requests in turn, the 4 together 200 MBps < the link:
  //   2 x (0.1 + 0.01301 + 2.0) = 4.22602 s.
  auto four =
      object_job("first_byte_latency: 100ms, request_size: 100MB, connections: 4, connection_bandwidth: 50MBps, "
                 "request_rate: 0",
                 "kind: read, bytes: 800MB");
  REQUIRE_THAT(four.results.simulated_time_s, WithinRel(2 * (0.1 + kLatency + 2.0), 1e-6));
}

TEST_CASE("object tier: connections whose caps add up beyond the link share it")
{
  // 800 MB in 100 MB requests with f = 0.1 s (no rate limit), 8 connections at c = 500 MBps: 8 x 500 MBps exceeds the
  // link, so the 8 concurrent requests share it and end together after 0.1 + 0.01301 + 8e8 / (0.97 B / 1.05) = 0.80579
  // s.
  auto eight = object_job("first_byte_latency: 100ms, request_size: 100MB, connections: 8, "
                          "connection_bandwidth: 500MBps, request_rate: 0",
                          "kind: read, bytes: 800MB");
  REQUIRE_THAT(eight.results.simulated_time_s, WithinRel(0.1 + kLatency + 8e8 / kWire, 1e-6));
  REQUIRE(s3(eight).read_requests == 8);
}

TEST_CASE("object tier: a multipart PUT follows the write request rate and the same cap")
{
  // 32 MiB in 4 parts of 8 MiB on one connection at c = 25 MBps, f = 20 ms, write rate 2/s (reads are not
  // limited here). A part takes 0.02 + 0.01301 + 8388608 / 25e6 = 0.36855 s < 1/q = 0.5 s, so the limit paces
  // them: parts start at 0, 0.5, 1.0 and 1.5 s, and the last ends at 1.5 + 0.36855 s.
  auto run = object_job("first_byte_latency: 20ms, request_size: 8MiB, connections: 1, connection_bandwidth: 25MBps, "
                        "request_rate: {read: 0, write: 2/s}",
                        "kind: write, bytes: 32MiB");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(1.5 + 0.02 + kLatency + 8388608 / 25e6, 1e-6));
  REQUIRE(s3(run).write_requests == 4);
  REQUIRE(s3(run).bytes_written == 33554432);
}

TEST_CASE("object tier: requests are paced across all clients of the tier")
{
  // Two compute hosts read 1 request each at the same instant; q = 1/s across the tier: the second request
  // starts 1 s after the first, so the run lasts 1 + 0.1 + 0.01301 + 1e6 / (0.97 B / 1.05) s.
  auto run = dcflow::test::simulate(R"(
name: object-pacing
platform: lab.xml
hosts: {compute: "dst-[0-1]", storage: src}
storage:
  s3: {kind: object, hosts: storage, first_byte_latency: 100ms, request_size: 1MB, connection_bandwidth: 0,
       request_rate: 1/s}
workload:
  jobs: 2
  classes:
    io: {stages: {data: {kind: read, bytes: 1MB, tier: s3}}}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(1.0 + 0.1 + kLatency + 1e6 / kWire, 1e-6));
}
