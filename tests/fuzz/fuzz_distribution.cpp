// Distributions: the first byte picks the dimension, the rest is the YAML of one per-job amount (a scalar with
// a unit or {dist: KIND, ...}), read as the loader reads `bytes:` or `flops:`; the distribution is then drawn
// from, its mean taken and described. Reading is documented to throw InputError; drawing must not throw and
// must give finite, positive values (the simulator divides by them and schedules events at them).
#include "fuzz_support.hpp"
#include "scenario/load_sections.hpp"
#include "scenario/yaml_reader.hpp"
#include "util/error.hpp"
#include "util/rng.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using dcflow::Dimension;
  if (size < 1)
    return 0;
  Dimension dimension = dcflow::fuzz::pick_dimension(data[0]);
  std::string text = "amount: " + std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  dcflow::Distribution distribution = dcflow::Distribution::constant(1);
  try {
    YAML::Node root = dcflow::parse_document(text, "fuzz.yaml", {});
    dcflow::YamlReader reader("fuzz.yaml", {}, DCFLOW_FUZZ_BASE_DIR);
    if (!root.IsMap())
      return 0;
    distribution = dcflow::read_distribution(reader, root["amount"], "amount", dimension);
  } catch (const dcflow::InputError&) {
    return 0;
  }
  (void)distribution.describe();
  (void)distribution.mean();
  dcflow::Rng rng(42);
  for (int i = 0; i < 16; ++i) {
    double draw = distribution.sample(rng);
    if (!std::isfinite(draw) || draw < 0)
      std::abort(); // a finding: a draw the simulator cannot use
  }
  return 0;
}
