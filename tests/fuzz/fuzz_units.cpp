// Units: parse_quantity in each dimension (the first byte picks it), then format_bytes of what it read.
// Documented: std::invalid_argument on a malformed value or an unknown unit.
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
  constexpr Dimension dimensions[] = {Dimension::Bytes, Dimension::Bandwidth, Dimension::Time, Dimension::Flops,
                                      Dimension::FlopRate, Dimension::Rate, Dimension::Number};
  Dimension dimension = dimensions[data[0] % 7];
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
