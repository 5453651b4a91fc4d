#pragma once
// The one source of randomness: a seeded 64-bit generator with its own (portable) transforms,
// so the same scenario and seed give the same draws with any standard library.

#include <cstdint>
#include <random>

namespace dcflow {

// Independent, reproducible sub-seeds of one scenario seed (splitmix64): arrivals, job contents, jitter
// and randomised policies each draw from their own stream, so changing one does not shift the others.
// splitmix64's finaliser: a bijective 64-bit mix, also used to hash identifiers (see storage/).
std::uint64_t mix64(std::uint64_t z);

// Bursts: the alternation of quiet and burst periods (workload.bursts), apart from the arrivals within them.
enum class Stream : std::uint64_t { Arrivals = 0, Contents = 1, Jitter = 2, Policy = 3, Failures = 4, Bursts = 16 };
std::uint64_t stream_seed(std::uint64_t seed, Stream stream);

class Rng {
public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe under log().
  double uniform01_open_left() { return 1.0 - uniform01(); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  double exponential(double mean);
  double standard_normal(); // Box-Muller, no cached second value: each call costs two draws
  // Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n);

private:
  std::mt19937_64 engine_; // mt19937_64's output sequence is fixed by the C++ standard
};

} // namespace dcflow
