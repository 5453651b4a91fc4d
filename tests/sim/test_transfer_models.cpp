// Transfer protocols and compression against closed forms of SimGrid's LV08 model:
// a flow over one shared link of bandwidth B and latency L moves at most 0.97 B / 1.05 bytes/s and starts
// after 13.01 L; a TCP flow is also capped at 0.97 W / (2 L) (W = window). M pipes share the transfer.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using Catch::Matchers::WithinRel;
using dcflow::test::simulate;

namespace {

// The long-haul path: B = 12.5 GBps, L = 10 ms; 10 GB moved from "a" to "b".
constexpr double B = 12.5e9, L = 10e-3, S = 1e10;

double longhaul(const std::string& transfer)
{
  return simulate(R"(
name: wan
platform: longhaul.xml
hosts: {compute: b, source: a}
transfer: )" + transfer +
                  R"(
workload:
  jobs: 1
  classes:
    wan: {stages: {t: {kind: transfer, bytes: 10GB, from: source}}}
)")
      .results.simulated_time_s;
}

} // namespace

TEST_CASE("udp has no window: one flow fills the long-haul link, 13.01 L + 1.05 S / (0.97 B)")
{
  // 0.1301 + 1.05e10 / 1.2125e10 = 0.996079 s, against 49.29 s for one TCP flow.
  REQUIRE_THAT(longhaul("{protocol: udp}"), WithinRel(13.01 * L + 1.05 * S / (0.97 * B), 1e-6));
}

TEST_CASE("rdma: no window, 4096/4122 payload efficiency and a 10 us set-up")
{
  // wire bytes = S * 4122 / 4096; time = 10e-6 + 13.01 L + 1.05 * wire / (0.97 B) = 1.001586 s.
  double wire = S * 4122.0 / 4096.0;
  REQUIRE_THAT(longhaul("{protocol: rdma}"), WithinRel(10e-6 + 13.01 * L + 1.05 * wire / (0.97 * B), 1e-6));
}

TEST_CASE("tcp with a larger window: one flow's cap is 0.97 W / (2 L)")
{
  // W = 16 MiB = 16777216: cap = 0.97 * 16777216 / 0.02 = 813.7 MB/s, under the link's 11.5 GB/s:
  // 0.1301 + 1e10 / 813694976 = 12.4197 s (as four 4 MiB pipes).
  double expected = 13.01 * L + S / (0.97 * 16777216 / (2 * L));
  REQUIRE_THAT(longhaul("{protocol: tcp, window: 16MiB}"), WithinRel(expected, 1e-6));
}

TEST_CASE("pipes and window compose: M flows of window W reach min(M W / 2L, B / 1.05)")
{
  // M = 2, W = 16 MiB: 2 * 0.97 * 16777216 / 0.02 = 1.627 GB/s: 0.1301 + 1e10 / 1.6274e9 = 6.2749 s.
  double expected = 13.01 * L + S / (0.97 * std::min(2 * 16777216 / (2 * L), B / 1.05));
  REQUIRE_THAT(longhaul("{pipes: 2, window: 16MiB}"), WithinRel(expected, 1e-6));
}

TEST_CASE("a job class can override the scenario's transfer settings")
{
  // The scenario says 1 pipe; the class says 4: 13.01 L + S / (0.97 * 4 * 4194304 / 0.02) = 12.4197 s.
  auto run = simulate(R"(
name: wan
platform: longhaul.xml
hosts: {compute: b, source: a}
transfer: {pipes: 1}
workload:
  jobs: 1
  classes:
    wan:
      transfer: {pipes: 4}
      stages: {t: {kind: transfer, bytes: 10GB, from: source}}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(13.01 * L + S / (0.97 * 4 * 4194304 / (2 * L)), 1e-6));
  // The document's terms follow the class too: M = 4, v = 4194304 / (2 x 10 ms) = 0.2097152 GB/s.
  REQUIRE(run.analytic.M == 4);
  REQUIRE_THAT(run.analytic.v_transfer, WithinRel(0.2097152, 1e-9));
}

TEST_CASE("compression: compress on the sender's cores, fewer bytes on the wire, decompress on the receiver's")
{
  // lab.xml: src 1 core, dst-0 4 cores, "wire" 1.25 GBps / 1 ms. zstd preset: ratio 2.884, 530 MB/s and
  // 1360 MB/s per core. S = 1 GB:
  //   compress   1e9 / (530e6 * 1)            = 1.886792 s
  //   wire       0.01301 + 1.05 * (1e9 / 2.884) / (0.97 * 1.25e9) = 0.313276 s
  //   decompress 1e9 / (1360e6 * 4)           = 0.183824 s
  auto run          = simulate(R"(
name: lab
platform: lab.xml
hosts: {compute: dst-0, storage: src}
transfer: {compression: zstd}
workload:
  jobs: 1
  classes:
    move: {stages: {t: {kind: transfer, bytes: 1GB, from: storage}}}
)");
  double compress   = 1e9 / 530e6;
  double wire       = 13.01 * 1e-3 + 1.05 * (1e9 / 2.884) / (0.97 * 1.25e9);
  double decompress = 1e9 / (1360e6 * 4);
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(compress + wire + decompress, 1e-6));
  // What crossed the network: S / ratio (payload counts S, the job's bytes).
  REQUIRE_THAT(run.records.activities[0].wire_bytes, WithinRel(1e9 / 2.884, 1e-9));
  REQUIRE(run.records.activities[0].amount == 1e9);
}

TEST_CASE("compression with custom figures and the protocol's CPU work on both ends")
{
  // ratio 4, 2 GBps / 4 GBps per core; tcp with cpu_per_byte 2 flops: S = 1 GB.
  //   compress 1e9 / 2e9 = 0.5 s (src: 1 core)
  //   wire: 2.5e8 bytes: network 0.01301 + 1.05 * 2.5e8 / 1.2125e9 = 0.229505 s; CPU on src and dst
  //         2.5e8 * 2 = 5e8 flops on one 1 Gf core = 0.5 s each: the wire step lasts max = 0.5 s
  //   decompress 1e9 / (4e9 * 4 cores) = 0.0625 s.  Total 1.0625 s.
  auto run = simulate(R"(
name: lab
platform: lab.xml
hosts: {compute: dst-0, storage: src}
transfer: {cpu_per_byte: 2, compression: {ratio: 4, compress_rate: 2GBps, decompress_rate: 4GBps}}
workload:
  jobs: 1
  classes:
    move: {stages: {t: {kind: transfer, bytes: 1GB, from: storage}}}
)");
  REQUIRE_THAT(run.results.simulated_time_s, WithinRel(0.5 + 0.5 + 0.0625, 1e-6));
}

TEST_CASE("transfers with different TCP windows in one run are an input error")
{
  // SimGrid 3.32 caps every flow of a run with one window (network/TCP-gamma).
  REQUIRE_THROWS_WITH(simulate(R"(
name: mixed
platform: longhaul.xml
hosts: {compute: b, source: a}
workload:
  jobs: 2
  classes:
    tcp: {stages: {t: {kind: transfer, bytes: 1GB, from: source}}}
    rdma:
      transfer: {protocol: rdma}
      stages: {t: {kind: transfer, bytes: 1GB, from: source}}
)"),
                      Catch::Matchers::Contains("test.yaml:11:19: error: stage 't' of class 'rdma'") &&
                          Catch::Matchers::Contains("all transfers of a scenario must use the same window"));
}
