#pragma once
// Summary statistics across independent runs (one value per seed), for `dcflow compare` and `dcflow sweep`:
// the mean and a two-sided Student-t 95% confidence interval, mean ± t(0.975, n-1) * s / sqrt(n), where s is
// the sample standard deviation (n-1 denominator). Seeds give independent replications, so the t interval
// is the textbook choice; it is honest about how few seeds a sweep usually has.

#include <cstddef>
#include <string>
#include <vector>

namespace dcflow {

// Mean and half-width of the 95% interval over n values. With n == 0, mean is NaN; with n == 1 there is no
// interval and half_width is NaN (a single seed says nothing about the spread).
struct Interval {
  double mean       = 0;
  double half_width = 0;
  std::size_t n     = 0;

  bool has_mean() const;
  bool has_interval() const;
};

// Arithmetic mean; NaN for no value.
double mean_of(const std::vector<double>& values);

// Sample standard deviation (n-1 denominator); NaN for fewer than two values.
double sample_stddev(const std::vector<double>& values);

// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1), i.e. the factor of a two-sided
// 95% interval. Exact (6 decimals) for df 1..30, 40, 60 and 120; between those, interpolated linearly in
// 1/df, which stays within 1e-4 of the true quantile; tends to 1.959964 (the normal quantile) beyond.
double student_t_975(std::size_t df);

// The 95% interval of the mean of `values`.
Interval confidence_interval_95(const std::vector<double>& values);

// "8.264 ± 0.012": the half-width with two significant digits and the mean to the same decimal place;
// "8.264" (4 significant digits) without an interval; "n/a" without a value.
std::string format_interval(const Interval& interval);

// A number with 4 significant digits (as the compact tables print it); "n/a" for NaN.
std::string format_value(double value);

} // namespace dcflow
