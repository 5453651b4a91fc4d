#include "util/error.hpp"

#include <fmt/format.h>

namespace dcflow {

std::string Location::str() const
{
  if (file.empty())
    return "dcflow";
  if (line <= 0)
    return file;
  if (column <= 0)
    return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

static std::string render(const Location& where, const std::string& message)
{
  return fmt::format("{}: error: {}", where.str(), message);
}

InputError::InputError(Location where, const std::string& message)
    : std::runtime_error(render(where, message)), where_(std::move(where)), message_(message)
{
}

void unhandled_enum_value(const char* enum_name, int value)
{
  throw std::logic_error(fmt::format("{} has no value {}", enum_name, value));
}

} // namespace dcflow
