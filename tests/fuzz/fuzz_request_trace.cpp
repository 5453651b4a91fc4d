// Inference request-trace CSV reader. Documented: InputError.
#include "fuzz_support.hpp"
#include "util/error.hpp"
#include "workload/request_trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string& path = dcflow::fuzz::write_scratch(data, size, ".csv");
  try {
    (void)dcflow::read_request_trace(path, dcflow::Location{"fuzz.yaml", 1, 1});
  } catch (const dcflow::InputError&) {
  }
  return 0;
}
