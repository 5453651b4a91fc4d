#include "util/rng.hpp"

#include <cmath>

namespace dcflow {

double Rng::exponential(double mean)
{
  return -mean * std::log(uniform01_open_left());
}

double Rng::standard_normal()
{
  double u1 = uniform01_open_left();
  double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

std::uint64_t Rng::below(std::uint64_t n)
{
  // Rejection sampling removes the modulo bias.
  std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return x % n;
}

} // namespace dcflow
