#include "scenario/units.hpp"

#include "util/strings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <utility>

namespace dcflow {
namespace {

using UnitTable = std::vector<std::pair<std::string, double>>;

// SimGrid's size prefixes: decimal (k, M, G, ...) and binary (Ki, Mi, Gi, ...), bytes (B) or bits (b).
UnitTable size_units(const std::string& suffix)
{
  const std::vector<std::pair<std::string, double>> prefixes = {{"", 1.0},
                                                                {"k", 1e3},
                                                                {"M", 1e6},
                                                                {"G", 1e9},
                                                                {"T", 1e12},
                                                                {"P", 1e15},
                                                                {"E", 1e18},
                                                                {"Ki", 1024.0},
                                                                {"Mi", 1048576.0},
                                                                {"Gi", 1073741824.0},
                                                                {"Ti", 1099511627776.0},
                                                                {"Pi", 1125899906842624.0},
                                                                {"Ei", 1152921504606846976.0}};
  UnitTable table;
  for (const auto& [prefix, factor] : prefixes)
    table.emplace_back(prefix + "B" + suffix, factor);
  for (const auto& [prefix, factor] : prefixes)
    table.emplace_back(prefix + "b" + suffix, factor / 8.0);
  return table;
}

UnitTable flop_units(const std::string& suffix)
{
  const std::vector<std::pair<std::string, double>> prefixes = {{"", 1.0},   {"k", 1e3},  {"M", 1e6},  {"G", 1e9},
                                                                {"T", 1e12}, {"P", 1e15}, {"E", 1e18}, {"Z", 1e21}};
  UnitTable table;
  for (const auto& [prefix, factor] : prefixes)
    table.emplace_back(prefix + "f" + suffix, factor);
  for (const auto& [prefix, factor] : prefixes)
    table.emplace_back(prefix + "flops" + suffix, factor);
  return table;
}

const UnitTable& table_for(Dimension dimension)
{
  static const std::map<Dimension, UnitTable> tables = {
      {Dimension::Bytes, size_units("")},
      {Dimension::Bandwidth, size_units("ps")},
      {Dimension::Time,
       {{"s", 1.0},
        {"ms", 1e-3},
        {"us", 1e-6},
        {"ns", 1e-9},
        {"ps", 1e-12},
        {"m", 60.0},
        {"h", 3600.0},
        {"d", 86400.0},
        {"w", 604800.0}}},
      {Dimension::Flops, flop_units("")},
      {Dimension::FlopRate, flop_units("")},
      {Dimension::Rate, {{"/s", 1.0}, {"/m", 1.0 / 60}, {"/min", 1.0 / 60}, {"/h", 1.0 / 3600}, {"/d", 1.0 / 86400}}},
      {Dimension::Number, {}}};
  return tables.at(dimension);
}

} // namespace

std::string dimension_noun(Dimension dimension)
{
  switch (dimension) {
  case Dimension::Bytes:
    return "a size";
  case Dimension::Bandwidth:
    return "a bandwidth";
  case Dimension::Time:
    return "a duration";
  case Dimension::Flops:
    return "an amount of computation";
  case Dimension::FlopRate:
    return "a speed";
  case Dimension::Rate:
    return "a rate";
  case Dimension::Number:
    return "a number";
  }
  return "a value";
}

const std::vector<std::string>& unit_names(Dimension dimension)
{
  static std::map<Dimension, std::vector<std::string>> names;
  auto& list = names[dimension];
  if (list.empty())
    for (const auto& entry : table_for(dimension))
      list.push_back(entry.first);
  return list;
}

double parse_quantity(std::string_view text, Dimension dimension)
{
  std::string value(text);
  // Trim surrounding blanks; "10 GB" is accepted as "10GB".
  std::size_t begin = value.find_first_not_of(" \t");
  std::size_t end   = value.find_last_not_of(" \t");
  if (begin == std::string::npos)
    throw std::invalid_argument("expected " + dimension_noun(dimension) + ", got an empty value");
  value = value.substr(begin, end - begin + 1);

  const char* start = value.c_str();
  char* after       = nullptr;
  double number     = std::strtod(start, &after);
  if (after == start || !std::isfinite(number) || value.find_first_of("xX") != std::string::npos)
    throw std::invalid_argument("expected " + dimension_noun(dimension) + " such as " + [&] {
      switch (dimension) {
      case Dimension::Bytes:
        return std::string("'10GB'");
      case Dimension::Bandwidth:
        return std::string("'100Gbps' or '12.5GBps'");
      case Dimension::Time:
        return std::string("'5ms'");
      case Dimension::Flops:
        return std::string("'1Tf'");
      case Dimension::FlopRate:
        return std::string("'1Tf'");
      case Dimension::Rate:
        return std::string("'2/s'");
      case Dimension::Number:
        return std::string("'3'");
      }
      return std::string();
    }() + ", got '" + value + "'");
  std::string unit(after);
  std::size_t unit_begin = unit.find_first_not_of(" \t");
  unit                   = unit_begin == std::string::npos ? std::string() : unit.substr(unit_begin);
  if (unit.empty())
    return number;
  for (const auto& [name, factor] : table_for(dimension))
    if (name == unit)
      return number * factor;
  std::string message = "unknown unit '" + unit + "' in '" + value + "' (" + dimension_noun(dimension) + ")";
  if (dimension == Dimension::Number)
    return throw std::invalid_argument("expected a number, got '" + value + "'"), 0.0;
  // The most common slip: a size where a bandwidth is expected, or the reverse.
  auto is_unit = [](const std::string& name, Dimension d) {
    const auto& names = unit_names(d);
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::string suggestion;
  if (dimension == Dimension::Bandwidth && is_unit(unit, Dimension::Bytes))
    suggestion = "; '" + unit + "' is a size, a bandwidth is per second: did you mean '" + unit + "ps'?";
  else if (dimension == Dimension::Bytes && unit.size() > 2 && unit.substr(unit.size() - 2) == "ps" &&
           is_unit(unit.substr(0, unit.size() - 2), Dimension::Bytes))
    suggestion = "; '" + unit + "' is a bandwidth, not a size: did you mean '" + unit.substr(0, unit.size() - 2) + "'?";
  else
    suggestion = did_you_mean(unit, unit_names(dimension));
  if (suggestion.empty())
    message += "; valid units are " + quoted_list(unit_names(dimension));
  throw std::invalid_argument(message + suggestion);
}

std::string format_bytes(double bytes)
{
  static const char* binary[]  = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  static const char* decimal[] = {"kB", "MB", "GB", "TB", "PB"};
  // Binary only in the largest binary unit not above the count ("125000 KiB" reads worse than "128 MB").
  for (int i = 4; i >= 0; --i) {
    double unit = std::pow(1024.0, i + 1);
    if (bytes >= unit) {
      if (std::fmod(bytes, unit) == 0)
        return fmt::format("{:g} {}", bytes / unit, binary[i]);
      break;
    }
  }
  for (int i = 4; i >= 0; --i) {
    double unit = std::pow(1000.0, i + 1);
    if (bytes >= unit)
      return fmt::format("{:.4g} {}", bytes / unit, decimal[i]);
  }
  return fmt::format("{:g} B", bytes);
}

} // namespace dcflow
