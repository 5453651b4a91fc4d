#include "jobs/bursts.hpp"

namespace dcflow {

BurstyArrivals::BurstyArrivals(double base_rate, const Bursts& bursts, std::uint64_t seed)
    : base_rate_(base_rate), bursts_(bursts), periods_(seed)
{
  switch_at_ = periods_.exponential(bursts_.gap);
}

double BurstyArrivals::next(double t, Rng& arrivals)
{
  for (;;) {
    double candidate = t + arrivals.exponential(1.0 / (burst_ ? bursts_.rate : base_rate_));
    if (candidate < switch_at_)
      return candidate;
    t      = switch_at_;
    burst_ = !burst_;
    switch_at_ += periods_.exponential(burst_ ? bursts_.length : bursts_.gap);
  }
}

double mean_rate(double base_rate, const Bursts& bursts)
{
  return (base_rate * bursts.gap + bursts.rate * bursts.length) / (bursts.gap + bursts.length);
}

} // namespace dcflow
