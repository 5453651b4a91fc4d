// Per-job distributions drawn from the seeded RNG. Statistical checks use a fixed seed, 200k draws, and
// tolerances of 5 standard errors (a correct implementation fails with probability < 1e-6 for a
// given seed; the seed being fixed, the outcome is reproducible).
#include "scenario/distribution.hpp"
#include "util/rng.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

using dcflow::Distribution;
using dcflow::Rng;

namespace {

constexpr int kDraws = 200000; // sqrt(200000) = 447.2

std::vector<double> draw(const Distribution& d, std::uint64_t seed, int n = kDraws)
{
  Rng rng(seed);
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    out.push_back(d.sample(rng));
  return out;
}

double mean_of(const std::vector<double>& v)
{
  double sum = 0;
  for (double x : v)
    sum += x;
  return sum / static_cast<double>(v.size());
}

double stddev_of(const std::vector<double>& v)
{
  double m   = mean_of(v);
  double sum = 0;
  for (double x : v)
    sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

double median_of(std::vector<double> v)
{
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace

TEST_CASE("distribution: constant always returns its value")
{
  auto d = Distribution::constant(3.5);
  REQUIRE(d.kind() == Distribution::Kind::Constant);
  for (double x : draw(d, 1, 1000))
    REQUIRE(x == 3.5);
  REQUIRE(d.mean() == 3.5);
  REQUIRE(d.describe() == "3.5");
}

TEST_CASE("distribution: uniform stays between min and max and has mean (min+max)/2")
{
  auto d       = Distribution::uniform(2.0, 6.0);
  auto samples = draw(d, 11);
  for (double x : samples) {
    REQUIRE(x >= 2.0);
    REQUIRE(x < 6.0);
  }
  // SD = (6-2)/sqrt(12) = 1.1547; SE of the mean = 1.1547/447.2 = 0.00258; 5 SE = 0.013.
  REQUIRE(mean_of(samples) == Approx(4.0).margin(0.013));
  // The whole range is reached: P(no draw in [2, 2.01)) = (1 - 0.0025)^200000 ~ e^-500.
  REQUIRE(*std::min_element(samples.begin(), samples.end()) < 2.01);
  REQUIRE(*std::max_element(samples.begin(), samples.end()) > 5.99);
  REQUIRE(d.mean() == 4.0); // (2 + 6) / 2
  REQUIRE(d.describe() == "uniform(2, 6)");
}

TEST_CASE("distribution: exponential has the given mean and P(X > mean) = 1/e")
{
  auto d       = Distribution::exponential(3.0);
  auto samples = draw(d, 12);
  for (double x : samples)
    REQUIRE(x >= 0.0);
  // SD of an exponential = its mean = 3; SE = 3/447.2 = 0.0067; 5 SE = 0.034.
  REQUIRE(mean_of(samples) == Approx(3.0).margin(0.034));
  // P(X > mean) = exp(-1) = 0.367879; SE of a proportion = sqrt(0.3679*0.6321/200000) = 0.00108; 5 SE = 0.0054.
  double above = 0;
  for (double x : samples)
    above += x > 3.0 ? 1 : 0;
  REQUIRE(above / kDraws == Approx(0.367879).margin(0.0054));
  REQUIRE(d.mean() == 3.0);
}

TEST_CASE("distribution: normal far from zero has the given mean and stddev")
{
  // mean 100, stddev 5: zero is 20 SD away, so the redraw of non-positive values never happens in practice.
  auto d       = Distribution::normal(100.0, 5.0);
  auto samples = draw(d, 13);
  // SE of the mean = 5/447.2 = 0.0112; 5 SE = 0.056.
  REQUIRE(mean_of(samples) == Approx(100.0).margin(0.056));
  // SE of the sample SD ~ sigma/sqrt(2n) = 5/632.5 = 0.0079; 5 SE = 0.04.
  REQUIRE(stddev_of(samples) == Approx(5.0).margin(0.04));
  // Symmetry: P(X < mean) = 0.5; SE = sqrt(0.25/200000) = 0.00112; 5 SE = 0.0056.
  double below = 0;
  for (double x : samples)
    below += x < 100.0 ? 1 : 0;
  REQUIRE(below / kDraws == Approx(0.5).margin(0.0056));
  REQUIRE(d.mean() == 100.0);
}

TEST_CASE("distribution: normal draws are all positive even when the mean is close to the stddev")
{
  // mean 1, stddev 1: P(N(1,1) <= 0) = Phi(-1) = 0.159, so about 32k of 200k raw draws would be <= 0.
  auto d       = Distribution::normal(1.0, 1.0);
  auto samples = draw(d, 14);
  for (double x : samples)
    REQUIRE(x > 0.0);
  // Redrawing (not clamping, not folding) gives the normal truncated at 0. With alpha = (0-1)/1 = -1,
  // lambda = phi(-1) / (1 - Phi(-1)) = 0.241971 / 0.841345 = 0.287600:
  //   mean = mu + sigma*lambda = 1.287600
  //   var  = sigma^2 (1 + alpha*lambda - lambda^2) = 1 - 0.287600 - 0.082714 = 0.629686; sd = 0.793528
  // SE of the mean = 0.7935/447.2 = 0.00177; 5 SE = 0.0089.
  REQUIRE(mean_of(samples) == Approx(1.287600).margin(0.0089));
  // mean() is documented as the untruncated mean.
  REQUIRE(d.mean() == 1.0);
}

TEST_CASE("distribution: lognormal has the given median and mean() = median * exp(sigma^2/2)")
{
  auto d       = Distribution::lognormal(50.0, 0.5);
  auto samples = draw(d, 15);
  for (double x : samples)
    REQUIRE(x > 0.0);
  // SE of a sample median = 1 / (2 f(m) sqrt(n)); lognormal density at its median m:
  // f(m) = 1 / (m sigma sqrt(2 pi)) = 1 / (50 * 0.5 * 2.506628) = 0.0159577; SE = 1/(2*0.0159577*447.2) = 0.0701;
  // 5 SE = 0.35.
  REQUIRE(median_of(samples) == Approx(50.0).margin(0.35));
  // mean = 50 * exp(0.25/2) = 50 * 1.1331484531 = 56.657422653.
  REQUIRE(d.mean() == Approx(56.657422653).epsilon(1e-9));
  // SD = mean * sqrt(exp(sigma^2) - 1) = 56.6574 * sqrt(0.2840254) = 30.195; SE = 0.0675; 5 SE = 0.34.
  REQUIRE(mean_of(samples) == Approx(56.657422653).margin(0.34));
}

TEST_CASE("distribution: empirical picks only listed values, each of them, about equally often")
{
  const std::vector<double> values = {1.0, 2.0, 5.0, 10.0};
  auto d                           = Distribution::empirical(values, "trace.csv");
  auto samples                     = draw(d, 16);
  std::map<double, int> counts;
  for (double x : samples) {
    REQUIRE(std::find(values.begin(), values.end(), x) != values.end());
    ++counts[x];
  }
  REQUIRE(counts.size() == values.size()); // every value appears
  // Each value has probability 1/4; SE = sqrt(0.25*0.75/200000) = 0.00097; 5 SE = 0.0049.
  for (const auto& [value, count] : counts) {
    INFO("value " << value);
    REQUIRE(static_cast<double>(count) / kDraws == Approx(0.25).margin(0.0049));
  }
  REQUIRE(d.mean() == 4.5); // (1 + 2 + 5 + 10) / 4 = 18 / 4
  REQUIRE(d.describe() == "empirical(4 values from trace.csv)");
}

TEST_CASE("distribution: the same seed gives the same sequence, another seed another one")
{
  // A mix of kinds drawn from one generator, as the workload generator does.
  std::vector<Distribution> mix = {Distribution::uniform(0, 1), Distribution::exponential(2),
                                   Distribution::normal(10, 3), Distribution::lognormal(5, 1),
                                   Distribution::empirical({1, 2, 3}, "x")};
  auto run                      = [&](std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> out;
    for (int i = 0; i < 2000; ++i)
      out.push_back(mix[static_cast<std::size_t>(i) % mix.size()].sample(rng));
    return out;
  };
  auto a = run(1234);
  auto b = run(1234);
  auto c = run(1235);
  REQUIRE(a == b);
  REQUIRE(a != c);
}

TEST_CASE("distribution: Rng::below is uniform over 0 to n-1")
{
  Rng rng(17);
  std::vector<int> counts(3, 0);
  for (int i = 0; i < kDraws; ++i) {
    auto k = rng.below(3);
    REQUIRE(k < 3);
    ++counts[static_cast<std::size_t>(k)];
  }
  // p = 1/3; SE = sqrt((1/3)(2/3)/200000) = 0.00105; 5 SE = 0.0053.
  for (int c : counts)
    REQUIRE(static_cast<double>(c) / kDraws == Approx(1.0 / 3).margin(0.0053));
}
