#pragma once
// Per-job random quantities: a constant or a distribution drawn from the scenario's seeded RNG.

#include "util/rng.hpp"

#include <string>
#include <vector>

namespace dcflow {

class Distribution {
public:
  enum class Kind { Constant, Uniform, Exponential, Normal, Lognormal, Weibull, Empirical };

  static Distribution constant(double value);
  static Distribution uniform(double min, double max);
  static Distribution exponential(double mean);
  // Normal draws at or below zero are redrawn (sizes and durations are positive), so the realised
  // mean is slightly above `mean` when stddev is not small against it.
  static Distribution normal(double mean, double stddev);
  // X = median * exp(sigma * Z), Z standard normal.
  static Distribution lognormal(double median, double sigma);
  // X = scale * (-ln U)^(1/shape), U uniform in (0, 1]: P(X > x) = exp(-(x/scale)^shape), mean
  // scale * Gamma(1 + 1/shape). Shape 1 is the exponential; below 1, failure rates that fall with age.
  static Distribution weibull(double scale, double shape);
  // Uniform choice among observed values (for example a column of a trace).
  static Distribution empirical(std::vector<double> values, std::string source);

  Kind kind() const { return kind_; }
  double sample(Rng& rng) const;
  // Expected value of a draw (for the analytic model). Normal: the untruncated mean.
  double mean() const;
  // "uniform(1e+09, 2e+09)" — for validate's summary.
  std::string describe() const;

private:
  static Distribution make(Kind kind, double a, double b);

  Kind kind_ = Kind::Constant;
  double a_  = 0; // value, min, mean or median
  double b_  = 0; // max, stddev or sigma
  std::vector<double> values_;
  std::string source_;
};

// "uniform": the name `dist:` gives the kind in a scenario.
std::string to_string(Distribution::Kind kind);

} // namespace dcflow
