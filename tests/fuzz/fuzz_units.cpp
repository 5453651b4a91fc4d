// Units: parse_quantity in each dimension (the first byte picks it), then format_bytes of what it read.
// Documented: std::invalid_argument on a malformed value or an unknown unit.
#include "fuzz_support.hpp"
#include "scenario/units.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using dcflow::Dimension;
  if (size < 1)
    return 0;
  Dimension dimension = dcflow::fuzz::pick_dimension(data[0]);
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)dcflow::dimension_noun(dimension);
  (void)dcflow::unit_names(dimension);
  try {
    double value = dcflow::parse_quantity(text, dimension);
    (void)dcflow::format_bytes(value);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
