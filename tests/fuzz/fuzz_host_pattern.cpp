// Host patterns: the first line is a pattern, the other lines host names. check_host_pattern (documented:
// std::invalid_argument on a malformed bracket), then every name matched against it, then the suggestions.
#include "scenario/host_pattern.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size() && lines.size() < 64) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  const std::string pattern = lines.front();
  std::vector<std::string> names(lines.begin() + 1, lines.end());
  try {
    dcflow::check_host_pattern(pattern);
    for (const auto& name : names)
      (void)dcflow::match_host_pattern(pattern, name);
  } catch (const std::invalid_argument&) {
  }
  (void)dcflow::pattern_suggestions(names);
  return 0;
}
