#pragma once
// Human-readable quantities with SimGrid's unit spelling: "10GB", "100Gbps", "12.5GBps", "1Tf", "5ms", "2/s".
// Everything is converted to SI base units (bytes, bytes/s, seconds, flops, flops/s, 1/s).

#include <string>
#include <string_view>
#include <vector>

namespace dcflow {

enum class Dimension { Bytes, Bandwidth, Time, Flops, FlopRate, Rate, Number };

// A noun for messages: "a size", "a bandwidth", ...
std::string dimension_noun(Dimension dimension);

// Valid unit suffixes of a dimension, in a fixed order (for messages and suggestions).
const std::vector<std::string>& unit_names(Dimension dimension);

// Parses "12.5GBps" as a bandwidth, etc. A bare number is taken in the base unit.
// Throws std::invalid_argument with a one-line message (no location) on a malformed value or an unknown unit.
double parse_quantity(std::string_view text, Dimension dimension);

// A byte count as people write it back: binary units when it is a whole number of KiB, MiB, ... ("8 MiB",
// "128 MiB"), else decimal with up to 4 significant digits ("100 MB", "1.5 GB", "512 B").
std::string format_bytes(double bytes);

} // namespace dcflow
