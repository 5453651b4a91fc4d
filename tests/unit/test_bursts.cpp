// Poisson arrivals with bursts (workload.bursts, jobs/bursts.hpp) against the closed forms of a two-state
// Markov-modulated Poisson process.
#include "jobs/bursts.hpp"
#include "jobs/generator.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;
using namespace dcflow;

namespace {

Bursts bursts(double rate, double length, double gap)
{
  Bursts b;
  b.rate   = rate;
  b.length = length;
  b.gap    = gap;
  return b;
}

} // namespace

TEST_CASE("bursts: the long-run rate is (base x gap + burst x length) / (gap + length)")
{
  // Base 10/s, bursts of 100/s lasting 2 s on average every 12 s of quiet: (10 x 12 + 100 x 2) / 14 = 22.857/s.
  // Over 1e6 s (about 71,000 quiet/burst cycles) the count's relative standard deviation is the per-cycle
  // standard deviation over the per-cycle mean over sqrt(cycles): sqrt(10^2 x 12^2 + 100^2 x 2^2) / 320 / 267
  // = 0.27% (the arrivals' own Poisson noise adds 0.02%); 1.5% is 5 standard deviations.
  Bursts b = bursts(100, 2, 12);
  CHECK_THAT(mean_rate(10, b), WithinRel(320.0 / 14.0, 1e-12));
  BurstyArrivals clock(10, b, 42);
  Rng arrivals(7);
  double t = 0, horizon = 1e6;
  std::int64_t n = 0, in_bursts = 0;
  for (;;) {
    t = clock.next(t, arrivals);
    if (t >= horizon)
      break;
    ++n;
    in_bursts += clock.in_burst() ? 1 : 0;
  }
  CHECK_THAT(static_cast<double>(n) / horizon, WithinRel(mean_rate(10, b), 0.015));
  // The share of arrivals that fall in bursts: 100 x 2 / (10 x 12 + 100 x 2) = 0.625 (same noise argument).
  CHECK_THAT(static_cast<double>(in_bursts) / static_cast<double>(n), WithinRel(0.625, 0.015));
}

TEST_CASE("bursts: arrivals stay increasing, and a burst rate equal to the base is plain Poisson")
{
  // With burst rate = base rate the process is Poisson at that rate: 1e6 arrivals at 50/s span 1e6 / 50 s
  // (relative standard deviation 1 / sqrt(1e6) = 0.1%).
  BurstyArrivals clock(50, bursts(50, 3, 7), 3);
  Rng arrivals(11);
  double t = 0;
  bool increasing = true;
  for (int i = 0; i < 1'000'000; ++i) {
    double next = clock.next(t, arrivals);
    increasing  = increasing && next > t;
    t           = next;
  }
  CHECK(increasing);
  CHECK_THAT(t, WithinRel(1e6 / 50, 0.005));
}
