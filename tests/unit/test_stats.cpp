// Statistics across seeds for compare / sweep: Student-t quantiles, the 95% interval, and how it prints.
#include "report/stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dcflow;

TEST_CASE("stats: t quantiles match the published table")
{
  // Two-sided 95% (0.975 quantile), as printed in every statistics textbook's t table.
  REQUIRE(student_t_975(1) == Approx(12.706).margin(5e-4));
  REQUIRE(student_t_975(2) == Approx(4.303).margin(5e-4));
  REQUIRE(student_t_975(9) == Approx(2.262).margin(5e-4));
  REQUIRE(student_t_975(30) == Approx(2.042).margin(5e-4));
  REQUIRE(student_t_975(40) == Approx(2.021).margin(5e-4));
  REQUIRE(student_t_975(120) == Approx(1.980).margin(5e-4));
}

TEST_CASE("stats: t quantiles between and beyond table points stay close to the true values")
{
  // True values (scipy.stats.t.ppf(0.975, df)): the 1/df interpolation is within 1e-4.
  REQUIRE(student_t_975(35) == Approx(2.030108).margin(1e-4));
  REQUIRE(student_t_975(50) == Approx(2.008559).margin(1e-4));
  REQUIRE(student_t_975(80) == Approx(1.990063).margin(1e-4));
  REQUIRE(student_t_975(1000) == Approx(1.962339).margin(1e-4));
  REQUIRE(student_t_975(1000000) == Approx(1.959964).margin(1e-4));
  // Decreasing in df, towards the normal quantile.
  for (std::size_t df = 1; df < 500; ++df)
    REQUIRE(student_t_975(df + 1) < student_t_975(df));
  REQUIRE(std::isnan(student_t_975(0)));
}

TEST_CASE("stats: a 95% interval by hand")
{
  // 1..5: mean 3, s = sqrt(10/4) = 1.5811, t(4) = 2.776445, half-width = 2.776445 * 1.5811 / sqrt(5) = 1.963243.
  Interval i = confidence_interval_95({1, 2, 3, 4, 5});
  REQUIRE(i.n == 5);
  REQUIRE(i.mean == Approx(3.0));
  REQUIRE(sample_stddev({1, 2, 3, 4, 5}) == Approx(std::sqrt(2.5)));
  REQUIRE(i.half_width == Approx(1.963243).epsilon(1e-6));
  REQUIRE(format_interval(i) == "3.0 ± 2.0");

  // Two seeds: s = sqrt(2), so the half-width is t(1) * sqrt(2) / sqrt(2) = 12.706205.
  Interval two = confidence_interval_95({10, 12});
  REQUIRE(two.mean == Approx(11.0));
  REQUIRE(two.half_width == Approx(12.706205));
  REQUIRE(format_interval(two) == "11 ± 13");
}

TEST_CASE("stats: one value has a mean and no interval, and none has neither")
{
  Interval one = confidence_interval_95({8.26412});
  REQUIRE(one.has_mean());
  REQUIRE_FALSE(one.has_interval());
  REQUIRE(format_interval(one) == "8.264");

  Interval none = confidence_interval_95({});
  REQUIRE_FALSE(none.has_mean());
  REQUIRE(format_interval(none) == "n/a");
  REQUIRE(std::isnan(mean_of({})));
  REQUIRE(std::isnan(sample_stddev({7})));
}

TEST_CASE("stats: interval printing follows the half-width's two significant digits")
{
  REQUIRE(format_interval(Interval{8.26412, 0.01234, 3}) == "8.264 ± 0.012");
  REQUIRE(format_interval(Interval{1234.4, 56.7, 3}) == "1234 ± 57");
  REQUIRE(format_interval(Interval{5.0, 0.0, 3}) == "5 ± 0"); // identical seeds (a deterministic workload)
  REQUIRE(format_interval(Interval{24.165468853608253, 3e-15, 3}) == "24.17 ± 0"); // rounding noise, not spread
  // Identical values give exactly zero spread, though their computed mean may differ in the last bit.
  REQUIRE(sample_stddev({0.1, 0.1, 0.1}) == 0.0);
  REQUIRE(confidence_interval_95({0.1, 0.1, 0.1}).half_width == 0.0);
  REQUIRE(format_value(0.000123456) == "0.0001235");
  REQUIRE(format_value(std::nan("")) == "n/a");
}
