#include "util/rng.hpp"

#include <cmath>

namespace dcflow {

std::uint64_t mix64(std::uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, Stream stream)
{
  return mix64(seed + 0x9E3779B97F4A7C15ULL * (static_cast<std::uint64_t>(stream) + 1));
}

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
