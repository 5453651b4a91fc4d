// SWF trace reader (plain or gzip bytes). Documented: InputError.
#include "fuzz_support.hpp"
#include "util/error.hpp"
#include "workload/traces.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string& path = dcflow::fuzz::write_scratch(data, size, ".swf");
  dcflow::TraceStats stats;
  try {
    (void)dcflow::read_swf(path, stats);
  } catch (const dcflow::InputError&) {
  }
  return 0;
}
