// Inputs the fuzzers of tests/fuzz found to break a reader, each kept with its fix: the reader must now answer
// with an InputError at the file and line, never undefined behaviour or a crash.
#include "scenario/host_pattern.hpp"
#include "util/error.hpp"
#include "workload/request_trace.hpp"

#include <catch2/catch.hpp>

#include <chrono>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace dcflow;

namespace {

std::string scratch_file(const std::string& name, const std::string& content)
{
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("dcflow-fuzz-finding-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

std::string request_trace_error(const std::string& path)
{
  try {
    read_request_trace(path, Location{"s.yaml", 3, 5});
  } catch (const InputError& error) {
    return error.where().str() + ": " + error.message();
  }
  return "no error";
}

} // namespace

// fuzz_request_trace: a token count of 1e300 was cast to int64 (undefined behaviour, UBSan's
// float-cast-overflow). Counts above 2^53 are now refused; 2^53 itself is still a count.
TEST_CASE("fuzz finding: request trace token counts beyond 2^53 are input errors")
{
  std::string huge = scratch_file("huge.csv", "arrival,prompt,output\n0,10,5\n1,1e300,5\n");
  CHECK(request_trace_error(huge) ==
        huge + ":3: prompt tokens must be a whole number from 1 to 2^53, got '1e300'");
  std::string output = scratch_file("output.csv", "0,10,9007199254740994\n");
  CHECK(request_trace_error(output) ==
        output + ":1: output tokens must be a whole number from 1 to 2^53, got '9007199254740994'");
  std::string limit = scratch_file("limit.csv", "0,9007199254740992,1\n");
  auto requests     = read_request_trace(limit, Location{"s.yaml", 3, 5});
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].prompt == 9007199254740992LL);
  std::filesystem::remove(huge);
  std::filesystem::remove(output);
  std::filesystem::remove(limit);
}

// fuzz_host_pattern (timeout): "*?" then 28 more '*' then "$T" against a name without '$' backtracked through
// every way of splitting the name among the stars, exponential in their number (seconds for 12 characters,
// hours for 40). Each (pattern position, name position) is now decided once: far below a millisecond here.
TEST_CASE("fuzz finding: host patterns of many stars match in polynomial time")
{
  const std::string stars = "*?" + std::string(28, '*') + "$T";
  const std::string name(40, 'x');
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(match_host_pattern(stars, name));
  CHECK(match_host_pattern(stars, name + "$T"));
  CHECK(match_host_pattern("**node-*[0-7]", "rack-node-12"));
  CHECK_FALSE(match_host_pattern("**node-*[0-7]", "rack-node-18"));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 1.0);
}
