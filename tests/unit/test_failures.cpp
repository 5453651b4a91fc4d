// The failures section without an engine: the Weibull distribution against its closed forms, the outage series
// a resource's MTBF/MTTR or state profile gives, the profile reader, and the loader's keys and errors.
#include "scenario/failures.hpp"
#include "scenario/loader.hpp"
#include "util/error.hpp"
#include "util/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace dcflow;

namespace {

constexpr int kDraws = 200000; // sqrt(200000) = 447.2

std::string load_error(const std::string& text)
{
  try {
    load_scenario_text(text, "s.yaml", {}, DCFLOW_TEST_DIR "/data");
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

const std::string scenario_head = R"(name: t
platform: p.xml
hosts: {compute: "node-*", storage: "store-*"}
storage:
  scratch: {kind: disk, hosts: storage}
  s3: {kind: object, hosts: storage}
workload:
  jobs: 4
  classes:
    batch: {stages: {run: {kind: compute, flops: 1Tf}}}
)";

} // namespace

TEST_CASE("failures: weibull draws follow P(X > x) = exp(-(x/scale)^shape) and mean scale*Gamma(1+1/shape)")
{
  // scale 10, shape 0.7: mean = 10 * Gamma(1 + 1/0.7) = 10 * Gamma(2.428571) = 12.6582 (
  // Python's math.gamma: 10 * 1.265823 = 12.65824).
  auto d = Distribution::weibull(10.0, 0.7);
  REQUIRE(d.mean() == Approx(12.65824).epsilon(1e-4));
  REQUIRE(d.describe() == "weibull(scale 10, shape 0.7)");
  Rng rng(21);
  double above_scale = 0, above_20 = 0;
  for (int i = 0; i < kDraws; ++i) {
    double x = d.sample(rng);
    REQUIRE(x >= 0);
    above_scale += x > 10.0 ? 1 : 0;
    above_20 += x > 20.0 ? 1 : 0;
  }
  // P(X > scale) = exp(-1) = 0.367879 whatever the shape; SE = sqrt(0.368*0.632/200000) = 0.00108; 5 SE = 0.0054.
  REQUIRE(above_scale / kDraws == Approx(0.367879).margin(0.0054));
  // P(X > 20) = exp(-2^0.7) = exp(-1.624505) = 0.197000; SE = sqrt(0.197*0.803/200000) = 0.00089; 5 SE = 0.0045.
  REQUIRE(above_20 / kDraws == Approx(0.197000).margin(0.0045));
  // Shape 1 is the exponential of mean scale: Gamma(2) = 1.
  REQUIRE(Distribution::weibull(3.0, 1.0).mean() == Approx(3.0));
}

TEST_CASE("failures: an MTBF/MTTR series alternates up and down times drawn from its distributions")
{
  // Constant MTBF 100 s and MTTR 10 s: down at 100, up at 110, down at 210, up at 220, ...
  OutageSeries constant(Distribution::constant(100), Distribution::constant(10), 1);
  auto outages = outages_before(constant, 335);
  REQUIRE(outages.size() == 3);
  CHECK(outages[0].down == 100);
  CHECK(outages[0].up == 110);
  CHECK(outages[1].down == 210);
  CHECK(outages[2].down == 320);
  CHECK(outages[2].up == 330);
  // Cut at the horizon: the outage that begins at 320 ends at the horizon 325.
  CHECK(outages_before(constant, 325).back().up == 325);

  // Exponential MTBF M = 1000 s, MTTR R = 100 s over a horizon H = 1e7 s: renewal theory gives H / (M + R) =
  // 9090.9 outages, with SD sqrt(H (sM^2 + sR^2) / (M + R)^3) = sqrt(1e7 * (1e6 + 1e4) / 1.331e9) = 87.1, and a
  // down fraction R / (M + R) = 0.0909 (its SE here about 0.001). 5 SD margins.
  OutageSeries random(Distribution::exponential(1000), Distribution::exponential(100), failure_seed(7, 0, 3));
  auto many   = outages_before(random, 1e7);
  double down = 0;
  for (const auto& o : many) {
    REQUIRE(o.up > o.down);
    down += o.up - o.down;
  }
  CHECK(static_cast<double>(many.size()) == Approx(9090.9).margin(5 * 87.1));
  CHECK(down / 1e7 == Approx(0.0909).margin(0.005));
  // Same seed, same series; another resource's seed, another series.
  CHECK(outages_before(OutageSeries(Distribution::exponential(1000), Distribution::exponential(100),
                                    failure_seed(7, 0, 3)),
                       1e5)
            .front()
            .down == many.front().down);
  CHECK(failure_seed(7, 0, 3) != failure_seed(7, 0, 4));
  CHECK(failure_seed(7, 0, 3) != failure_seed(7, 1, 3));
}

TEST_CASE("failures: a state profile gives its down periods, repeated by LOOPAFTER")
{
  // On until 5, off 5-8, a redundant "off" at 9, on at 12; LOOPAFTER 3: the pattern repeats every 12 + 3 = 15 s.
  StateProfile p = parse_state_profile("# a comment\n5 0\n8 1\n9 1  # stays on\n10 0\n12 1\nLOOPAFTER 3\n", "p.txt");
  REQUIRE(p.changes.size() == 5);
  CHECK(p.loop_after == 3);
  // Before 40: 5-8, 10-12, 20-23, 25-27, 35-38 (the next, 40-42, begins at the horizon).
  auto outages = outages_before(OutageSeries(p), 40);
  REQUIRE(outages.size() == 5);
  CHECK(outages[0].down == 5);
  CHECK(outages[0].up == 8);
  CHECK(outages[1].down == 10);
  CHECK(outages[1].up == 12);
  CHECK(outages[2].down == 20); // 15 + 5
  CHECK(outages[2].up == 23);
  CHECK(outages[4].down == 35); // 30 + 5
  // Without LOOPAFTER the profile ends; a last "off" without an "on" lasts for ever.
  auto once = outages_before(OutageSeries(parse_state_profile("5 0\n8 1\n20 0\n", "q.txt")), 1000);
  REQUIRE(once.size() == 2);
  CHECK(once[1].down == 20);
  CHECK(once[1].up == 1000);
  // PERIODICITY 20: the same events every 20 s (SimGrid: LOOPAFTER = 20 - 12 = 8 after the last event). Before
  // 30: 5-8, 10-12, 25-28 (the next, 30-32, begins at the horizon).
  auto periodic = outages_before(OutageSeries(parse_state_profile("PERIODICITY 20\n5 0\n8 1\n10 0\n12 1\n", "s.txt")), 30);
  REQUIRE(periodic.size() == 3);
  CHECK(periodic[2].down == 25);
  CHECK(periodic[2].up == 28);
  // Never off: no outage, even looping.
  CHECK(outages_before(OutageSeries(parse_state_profile("1 1\nLOOPAFTER 1\n", "r.txt")), 1e6).empty());
}

TEST_CASE("failures: a malformed state profile is an error at its file, line and column")
{
  auto error = [](const std::string& text) {
    try {
      parse_state_profile(text, "p.txt");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(error("5 0\n  x 1\n") == "p.txt:2:3: error: expected a time in seconds in the state profile, got 'x'");
  CHECK(error("5 0\n4 1\n") == "p.txt:2:1: error: state profile times must increase from 0, got 4 after 5");
  CHECK(error("5\n") ==
        "p.txt:1:1: error: a state profile line is 'TIME VALUE' (VALUE 0: off, else on) or 'LOOPAFTER SECONDS'");
  CHECK(error("PERIODICITY 10\n5 0\n12 1\n") ==
        "p.txt:1:1: error: a state profile's period (10 s) must be longer than its last event's time (12 s)");
  CHECK(error("# nothing\n") == "p.txt: error: the state profile has no 'TIME VALUE' line");
}

TEST_CASE("failures: the loader reads groups by host pattern, role, link pattern, tier and profile")
{
  std::string text = scenario_head + R"(failures:
  retry_limit: 5
  resources:
    nodes: {role: compute, mtbf: {dist: weibull, scale: 3h, shape: 0.8}, mttr: 10m}
    n3: {hosts: "node-3", profile: failures/node3_100_400.txt}
    spine: {links: "spine-*", mtbf: {dist: exponential, mean: 1d}, mttr: 1h}
    drives: {tier: scratch, mtbf: 30d, mttr: 6h}
)";
  Scenario s = load_scenario_text(text, "s.yaml", {}, DCFLOW_TEST_DIR "/data");
  REQUIRE(s.failures.given());
  CHECK(s.failures.retry_limit == 5);
  REQUIRE(s.failures.groups.size() == 4);
  const auto& nodes = s.failures.groups[0];
  CHECK(nodes.name == "nodes");
  CHECK(nodes.target == FailureTarget::Hosts);
  CHECK(nodes.role == "compute");
  CHECK(nodes.mtbf->kind() == Distribution::Kind::Weibull);
  CHECK(nodes.mttr->mean() == 600);
  CHECK(s.failures.groups[1].pattern == "node-3");
  REQUIRE(s.failures.groups[1].profile);
  CHECK(s.failures.groups[1].profile->changes.size() == 2);
  CHECK(s.failures.groups[2].target == FailureTarget::Links);
  CHECK(s.failures.groups[2].mtbf->mean() == 86400);
  CHECK(s.failures.groups[3].target == FailureTarget::Disks);
  CHECK(s.failures.groups[3].tier == 0);
  CHECK(s.failures.groups[3].where.line == 17);
  // Without the section: no groups, the default retry limit.
  Scenario none = load_scenario_text(scenario_head, "s.yaml", {}, DCFLOW_TEST_DIR "/data");
  CHECK_FALSE(none.failures.given());
  CHECK(none.failures.retry_limit == 3);
}

TEST_CASE("failures: the loader's errors name the place")
{
  auto with = [](const std::string& group) {
    return load_error(scenario_head + "failures:\n  resources:\n    g: " + group + "\n");
  };
  CHECK(with("{role: compute, mtbf: 0s, mttr: 1h}") ==
        "s.yaml:13:30: error: 'failures.resources.g.mtbf' must be positive, got '0s'");
  CHECK(with("{role: compute, mtbf: -3h, mttr: 1h}") ==
        "s.yaml:13:30: error: 'failures.resources.g.mtbf' must be positive, got '-3h'");
  CHECK(with("{role: comput, mtbf: 1h, mttr: 1h}") ==
        "s.yaml:13:15: error: undefined host role 'comput'; did you mean 'compute'?");
  CHECK(with("{role: compute, mtbf: 1h}") ==
        "s.yaml:13:8: error: 'failures.resources.g' needs 'mtbf' and 'mttr' (or a state 'profile')");
  CHECK(with("{role: compute, hosts: x, mtbf: 1h, mttr: 1h}").find("s.yaml:13:8: error: 'failures.resources.g' "
                                                                     "selects its resources with one of") == 0);
  CHECK(with("{hosts: node-1, profile: failures/missing.txt}") ==
        "s.yaml:13:33: error: cannot read state profile '" DCFLOW_TEST_DIR "/data/failures/missing.txt'");
  CHECK(with("{tier: s3, mtbf: 1h, mttr: 1h}").find("s.yaml:13:15: error: tier 's3' is an object store") == 0);
  CHECK(with("{role: compute, mtbf: 1h, mttr: 1h, mtbff: 2}") ==
        "s.yaml:13:44: error: unknown key 'mtbff' in a failure group; did you mean 'mtbf'?");
  CHECK(load_error(scenario_head + "failures: {retry_limit: -1, resources: {g: {role: compute, mtbf: 1h, mttr: 1h}}}") ==
        "s.yaml:11:25: error: 'failures.retry_limit' must be at least 0, got -1");
}
