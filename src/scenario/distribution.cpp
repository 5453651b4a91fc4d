#include "scenario/distribution.hpp"

#include "util/error.hpp"

#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace dcflow {

Distribution Distribution::make(Kind kind, double a, double b)
{
  Distribution d;
  d.kind_ = kind;
  d.a_    = a;
  d.b_    = b;
  return d;
}

Distribution Distribution::constant(double value)
{
  return make(Kind::Constant, value, 0);
}

Distribution Distribution::uniform(double min, double max)
{
  return make(Kind::Uniform, min, max);
}

Distribution Distribution::exponential(double mean)
{
  return make(Kind::Exponential, mean, 0);
}

Distribution Distribution::normal(double mean, double stddev)
{
  return make(Kind::Normal, mean, stddev);
}

Distribution Distribution::lognormal(double median, double sigma)
{
  return make(Kind::Lognormal, median, sigma);
}

Distribution Distribution::weibull(double scale, double shape)
{
  return make(Kind::Weibull, scale, shape);
}

Distribution Distribution::empirical(std::vector<double> values, std::string source)
{
  Distribution d;
  d.kind_   = Kind::Empirical;
  d.values_ = std::move(values);
  d.source_ = std::move(source);
  return d;
}

double Distribution::sample(Rng& rng) const
{
  switch (kind_) {
  case Kind::Constant:
    return a_;
  case Kind::Uniform:
    return rng.uniform(a_, b_);
  case Kind::Exponential:
    return rng.exponential(a_);
  case Kind::Normal: {
    // Mean > 0 is validated, so a positive draw comes quickly.
    for (;;) {
      double x = a_ + b_ * rng.standard_normal();
      if (x > 0)
        return x;
    }
  }
  case Kind::Lognormal:
    return a_ * std::exp(b_ * rng.standard_normal());
  case Kind::Weibull:
    return a_ * std::pow(-std::log(rng.uniform01_open_left()), 1.0 / b_);
  case Kind::Empirical:
    return values_[rng.below(values_.size())];
  }
  unhandled_enum_value("Distribution::Kind", static_cast<int>(kind_));
}

double Distribution::mean() const
{
  switch (kind_) {
  case Kind::Constant:
    return a_;
  case Kind::Uniform:
    return 0.5 * (a_ + b_);
  case Kind::Exponential:
  case Kind::Normal:
    return a_;
  case Kind::Lognormal:
    return a_ * std::exp(0.5 * b_ * b_);
  case Kind::Weibull:
    return a_ * std::tgamma(1.0 + 1.0 / b_);
  case Kind::Empirical:
    return std::accumulate(values_.begin(), values_.end(), 0.0) / static_cast<double>(values_.size());
  }
  unhandled_enum_value("Distribution::Kind", static_cast<int>(kind_));
}

std::string Distribution::describe() const
{
  switch (kind_) {
  case Kind::Constant:
    return fmt::format("{:g}", a_);
  case Kind::Uniform:
    return fmt::format("uniform({:g}, {:g})", a_, b_);
  case Kind::Exponential:
    return fmt::format("exponential(mean {:g})", a_);
  case Kind::Normal:
    return fmt::format("normal({:g}, {:g})", a_, b_);
  case Kind::Lognormal:
    return fmt::format("lognormal(median {:g}, sigma {:g})", a_, b_);
  case Kind::Weibull:
    return fmt::format("weibull(scale {:g}, shape {:g})", a_, b_);
  case Kind::Empirical:
    return fmt::format("empirical({} values from {})", values_.size(), source_);
  }
  unhandled_enum_value("Distribution::Kind", static_cast<int>(kind_));
}

std::string to_string(Distribution::Kind kind)
{
  switch (kind) {
  case Distribution::Kind::Constant:
    return "constant";
  case Distribution::Kind::Uniform:
    return "uniform";
  case Distribution::Kind::Exponential:
    return "exponential";
  case Distribution::Kind::Normal:
    return "normal";
  case Distribution::Kind::Lognormal:
    return "lognormal";
  case Distribution::Kind::Weibull:
    return "weibull";
  case Distribution::Kind::Empirical:
    return "empirical";
  }
  unhandled_enum_value("Distribution::Kind", static_cast<int>(kind));
}

} // namespace dcflow
