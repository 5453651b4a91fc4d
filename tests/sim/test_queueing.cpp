// Scheduling against queueing theory. Poisson arrivals at rate lambda, exponential service at rate mu
// (compute-only jobs of exponential size on 1 Gflops one-core servers: mean 1 Gf = 1 s, so mu = 1/s),
// c = 4 servers, lambda = 3/s: offered load a = lambda/mu = 3, utilisation rho = a/c = 0.75.
//
// Each run has 400,000 jobs and a fixed seed; the first 20,000 (the system starts empty) are left out.
// Sampling error: measured over seeds, the mean wait of such a run scatters by about 2% (central queue) to
// 3% (one queue per server) around the theoretical value, and a replay of the same draws through an
// exact M/M/c recursion matches the simulated waits to 1e-6 s (first test), so a deviation beyond the
// tolerances below (about 2.5 standard deviations) means a modelling error, not bad luck.
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

using Catch::Matchers::WithinRel;

namespace {

constexpr int kServers   = 4;
constexpr double kLambda = 3.0;
constexpr double kMu     = 1.0;
constexpr int kJobs      = 400000;
constexpr int kWarmup    = 20000;

dcflow::test::Run run_policy(const std::string& policy)
{
  return dcflow::test::simulate(R"(
name: mmc
seed: 11
platform: four_servers.xml
hosts: {compute: "server-*"}
workload:
  arrival: poisson
  rate: 3/s
  jobs: 400000
  classes:
    request: {stages: {serve: {kind: compute, flops: {dist: exponential, mean: 1Gf}}}}
scheduling: {policy: )" + policy +
                                "}\n");
}

double mean_wait(const dcflow::test::Run& run)
{
  const auto& jobs = run.records.jobs; // by id = arrival order
  double sum       = 0;
  for (int i = kWarmup; i < kJobs; ++i)
    sum += jobs[i].start - jobs[i].submit;
  return sum / (kJobs - kWarmup);
}

// Erlang C: mean wait in M/M/c, Wq = C(c, a) / (c mu - lambda).
double erlang_c_wait(int c, double lambda, double mu)
{
  double a    = lambda / mu;
  double term = 1, sum = 0; // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  double last = term * c / (c - a); // a^c / c! * c / (c - a)
  return last / (sum + last) / (c * mu - lambda);
}

// GI/M/1 with Erlang-c inter-arrivals (every c-th Poisson arrival): sigma is the root in (0, 1) of
// sigma = (lambda / (lambda + mu (1 - sigma)))^c, found by bisection; Wq = sigma / (mu (1 - sigma)).
double round_robin_wait(int c, double lambda, double mu)
{
  double lo = 0, hi = 1 - 1e-12;
  auto f = [&](double s) { return std::pow(lambda / (lambda + mu * (1 - s)), c) - s; };
  for (int i = 0; i < 200; ++i) {
    double mid             = 0.5 * (lo + hi);
    (f(mid) > 0 ? lo : hi) = mid;
  }
  double sigma = 0.5 * (lo + hi);
  return sigma / (mu * (1 - sigma));
}

} // namespace

TEST_CASE("central FIFO queue on c servers: the waits are an exact M/M/c replay and their mean matches Erlang C")
{
  // a = 3, c = 4: a^4/4! * 4/(4-3) = 13.5; sum_{k<4} a^k/k! = 1 + 3 + 4.5 + 4.5 = 13;
  // C = 13.5 / 26.5 = 0.50943; Wq = C / (4 - 3) = 0.50943 s.
  double expected = erlang_c_wait(kServers, kLambda, kMu);
  REQUIRE_THAT(expected, WithinRel(13.5 / 26.5, 1e-12));
  auto run = run_policy("fifo");
  REQUIRE(run.results.completed == kJobs);

  // Replay: the same arrival times and service times through the textbook FIFO recursion (each job takes
  // the server that frees first) give the same waits.
  std::priority_queue<double, std::vector<double>, std::greater<double>> free_at;
  for (int s = 0; s < kServers; ++s)
    free_at.push(0.0);
  double worst = 0;
  for (const auto& job : run.records.jobs) {
    double start = std::max(job.submit, free_at.top());
    free_at.pop();
    free_at.push(start + job.flops / 1e9);
    worst = std::max(worst, std::abs(start - job.start));
  }
  REQUIRE(worst < 1e-6);

  double mean = mean_wait(run);
  INFO("simulated mean wait " << mean << " s, Erlang C " << expected << " s");
  REQUIRE_THAT(mean, WithinRel(expected, 0.05));
  // Busy fraction of the servers = rho = 0.75.
  REQUIRE_THAT(run.results.util_compute, WithinRel(0.75, 0.02));
}

TEST_CASE("random dispatch to per-server queues: each server is an M/M/1 queue at rate lambda / c")
{
  // rho = lambda / (c mu) = 0.75: Wq = rho / (mu (1 - rho)) = 0.75 / 0.25 = 3 s.
  auto run    = run_policy("random");
  double mean = mean_wait(run);
  INFO("simulated mean wait " << mean << " s, M/M/1 3 s");
  REQUIRE(run.results.completed == kJobs);
  REQUIRE_THAT(mean, WithinRel(3.0, 0.08));
}

TEST_CASE("round robin to per-server queues: each server is a GI/M/1 queue with Erlang-c inter-arrivals")
{
  // sigma = (3 / (3 + 1 - sigma))^4 -> sigma = 0.62231 (bisection by hand: (3/3.37769)^4 = 0.62231);
  // Wq = sigma / (1 - sigma) = 1.6476 s.
  double expected = round_robin_wait(kServers, kLambda, kMu);
  REQUIRE_THAT(expected, WithinRel(1.6476, 1e-4));
  auto run    = run_policy("round_robin");
  double mean = mean_wait(run);
  INFO("simulated mean wait " << mean << " s, GI/M/1 " << expected << " s");
  REQUIRE_THAT(mean, WithinRel(expected, 0.06));
  // Round robin is exact: job i goes to server i mod 4.
  for (int i = 0; i < 8; ++i)
    REQUIRE(run.records.jobs[i].hosts.front() == i % kServers);
}

TEST_CASE("join-shortest-queue lies between the central queue and round robin")
{
  auto run    = run_policy("join_shortest_queue");
  double mean = mean_wait(run);
  double lo   = erlang_c_wait(kServers, kLambda, kMu);
  double hi   = round_robin_wait(kServers, kLambda, kMu);
  INFO("simulated mean wait " << mean << " s, central " << lo << " s, round robin " << hi << " s");
  REQUIRE(mean > lo);
  REQUIRE(mean < hi);
}
