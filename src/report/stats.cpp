#include "report/stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <utility>

namespace dcflow {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// t(0.975, df), from the published tables (computed to 6 decimals).
constexpr std::array<double, 30> small_df = {
    12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
    2.200985,  2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
    2.079614,  2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272};
constexpr std::array<std::pair<double, double>, 4> large_df = {
    {{30, 2.042272}, {40, 2.021075}, {60, 2.000298}, {120, 1.979930}}};
constexpr double normal_975 = 1.959964;

} // namespace

bool Interval::has_mean() const
{
  return n > 0 && std::isfinite(mean);
}

bool Interval::has_interval() const
{
  return n > 1 && std::isfinite(half_width);
}

double mean_of(const std::vector<double>& values)
{
  if (values.empty())
    return nan;
  double sum = 0;
  for (double v : values)
    sum += v;
  return sum / static_cast<double>(values.size());
}

double sample_stddev(const std::vector<double>& values)
{
  if (values.size() < 2)
    return nan;
  // Identical values (a deterministic workload) have no spread; rounding in the mean would invent some.
  if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); }))
    return 0;
  double m   = mean_of(values);
  double sum = 0;
  for (double v : values)
    sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

double student_t_975(std::size_t df)
{
  if (df == 0)
    return nan;
  if (df <= small_df.size())
    return small_df[df - 1];
  // The quantile is very nearly linear in 1/df between table points (and up to df = infinity).
  double x = 1.0 / static_cast<double>(df);
  for (std::size_t i = 0; i + 1 < large_df.size(); ++i) {
    auto [lo_df, lo_t] = large_df[i];
    auto [hi_df, hi_t] = large_df[i + 1];
    if (static_cast<double>(df) <= hi_df) {
      double w = (x - 1.0 / hi_df) / (1.0 / lo_df - 1.0 / hi_df);
      return w * lo_t + (1 - w) * hi_t;
    }
  }
  auto [last_df, last_t] = large_df.back();
  double w               = x * last_df;
  return w * last_t + (1 - w) * normal_975;
}

Interval confidence_interval_95(const std::vector<double>& values)
{
  Interval interval;
  interval.n          = values.size();
  interval.mean       = mean_of(values);
  interval.half_width = values.size() < 2 ? nan
                                          : student_t_975(values.size() - 1) * sample_stddev(values) /
                                                std::sqrt(static_cast<double>(values.size()));
  return interval;
}

std::string format_value(double value)
{
  if (!std::isfinite(value))
    return "n/a";
  return fmt::format("{:.4g}", value);
}

std::string format_interval(const Interval& interval)
{
  if (!interval.has_mean())
    return "n/a";
  if (!interval.has_interval())
    return format_value(interval.mean);
  double h = interval.half_width;
  if (h <= 1e-12 * std::fabs(interval.mean)) // below double rounding noise: no spread worth printing
    return format_value(interval.mean) + " ± 0";
  // Two significant digits of the half-width fix the decimals of both numbers (at most 9).
  int decimals = 1 - static_cast<int>(std::floor(std::log10(h)));
  if (decimals < 0)
    decimals = 0;
  if (decimals > 9)
    decimals = 9;
  return fmt::format("{:.{}f} ± {:.{}f}", interval.mean, decimals, h, decimals);
}

} // namespace dcflow
