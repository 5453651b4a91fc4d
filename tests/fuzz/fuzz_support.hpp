#pragma once
// Shared by the libFuzzer harnesses (tests/fuzz/README.md). Each harness feeds bytes to one input reader and
// lets through only the exceptions the reader documents for bad input (InputError, and where its header says
// so std::invalid_argument); anything else escapes LLVMFuzzerTestOneInput and aborts: a finding, as is a
// sanitizer report, a timeout or running out of memory.

#include "scenario/units.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace dcflow::fuzz {

// The readers take a path: the input goes to one file per process (in $TMPDIR, else /tmp), rewritten each run.
inline const std::string& scratch_path(const char* suffix)
{
  static const std::string path = [suffix] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/dcflow-fuzz-" + std::to_string(getpid()) + suffix;
  }();
  return path;
}

inline const std::string& write_scratch(const std::uint8_t* data, std::size_t size, const char* suffix)
{
  const std::string& path = scratch_path(suffix);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f)
    std::abort(); // the harness's own environment, not a finding in dcflow
  if (size > 0 && std::fwrite(data, 1, size, f) != size)
    std::abort();
  std::fclose(f);
  return path;
}

// The dimension an input's first byte picks, among every Dimension.
inline Dimension pick_dimension(std::uint8_t byte)
{
  constexpr Dimension dimensions[] = {Dimension::Bytes, Dimension::Bandwidth, Dimension::Time, Dimension::Flops,
                                      Dimension::FlopRate, Dimension::Rate, Dimension::Number};
  return dimensions[byte % (sizeof(dimensions) / sizeof(dimensions[0]))];
}

} // namespace dcflow::fuzz
