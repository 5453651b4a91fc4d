#pragma once
// Poisson arrivals with bursts (workload.bursts): a two-state Markov-modulated Poisson process. Engine-free.

#include "scenario/scenario.hpp"
#include "util/rng.hpp"

namespace dcflow {

// Quiet periods (arrivals at `base_rate`) and bursts (at `bursts.rate`) alternate, each lasting an exponential
// time (means `bursts.gap` and `bursts.length`), drawn from their own stream so that the periods do not move
// when the arrivals inside them are redrawn. The run starts quiet. Within a period arrivals are Poisson: an
// inter-arrival drawn past the period's end is discarded and redrawn from the end at the next period's rate
// (exact, because the exponential is memoryless).
class BurstyArrivals {
public:
  BurstyArrivals(double base_rate, const Bursts& bursts, std::uint64_t seed);

  // The next arrival after `t` (the previous one), drawing inter-arrivals from `arrivals`.
  double next(double t, Rng& arrivals);

  // Whether time `t` (not before the last arrival returned) is inside a burst.
  bool in_burst() const { return burst_; }

private:
  double base_rate_;
  Bursts bursts_;
  Rng periods_;
  bool burst_ = false;
  double switch_at_; // when the current period ends
};

// The long-run arrival rate: (base x gap + burst rate x length) / (gap + length).
double mean_rate(double base_rate, const Bursts& bursts);

} // namespace dcflow
