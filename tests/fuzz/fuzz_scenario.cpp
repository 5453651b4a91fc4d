// The scenario loader with --set overrides: the input is a scenario's YAML text; the lines after a line
// "#--set" are --set arguments (PATH=VALUE), applied as `dcflow run --set` does. Relative paths in the
// scenario resolve against DCFLOW_FUZZ_BASE_DIR (the bundled scenarios' folder, so that seeds taken from
// scenarios/ find their traces and CSV files). Documented: InputError.
#include "scenario/loader.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> arguments;
  const std::string marker = "#--set\n";
  std::size_t at           = text.rfind(marker);
  if (at != std::string::npos && (at == 0 || text[at - 1] == '\n')) {
    std::string sets = text.substr(at + marker.size());
    text.resize(at);
    std::size_t start = 0;
    while (start < sets.size()) {
      std::size_t end = sets.find('\n', start);
      if (end == std::string::npos)
        end = sets.size();
      arguments.push_back(sets.substr(start, end - start));
      start = end + 1;
    }
  }
  try {
    std::vector<dcflow::Override> overrides;
    for (const auto& argument : arguments)
      overrides.push_back(dcflow::parse_override(argument));
    (void)dcflow::load_scenario_text(text, "fuzz.yaml", overrides, DCFLOW_FUZZ_BASE_DIR);
  } catch (const dcflow::InputError&) {
  }
  return 0;
}
