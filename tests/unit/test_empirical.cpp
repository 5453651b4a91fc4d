// The CSV reader behind `dist: empirical`: which column, the header, and which errors are placed in the data
// file (InputError at file:line) and which are left to the scenario key that named the file.
#include "util/error.hpp"
#include "workload/empirical.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace dcflow;

namespace {

// A scratch file unique to this process (test cases run in parallel processes).
std::string scratch_file(const std::string& name, const std::string& content)
{
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("dcflow-empirical-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

std::string input_error(const std::string& path, const std::string& column)
{
  try {
    read_empirical_column(path, column, 1);
  } catch (const InputError& error) {
    return error.where().str() + ": " + error.message();
  }
  return "no error";
}

std::string reference_error(const std::string& path, const std::string& column)
{
  try {
    read_empirical_column(path, column, 1);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("empirical: a named column after a header, times the unit, CRLF line ends too")
{
  std::string path = scratch_file("named.csv", "size,time\r\n100,1\r\n200,2\r\n");
  CHECK(read_empirical_column(path, "time", 60) == std::vector<double>{60, 120});
  CHECK(read_empirical_column(path, "", 1) == std::vector<double>{100, 200}); // no column: the first
}

TEST_CASE("empirical: without a header every line is data")
{
  std::string path = scratch_file("plain.csv", "1\n2.5\n\n3\n");
  CHECK(read_empirical_column(path, "", 2) == std::vector<double>{2, 5, 6});
}

TEST_CASE("empirical: bad data lines are errors at file:line")
{
  std::string negative = scratch_file("negative.csv", "v\n5\n-1\n");
  CHECK(input_error(negative, "v") == negative + ":3: expected a non-negative number, got '-1'");
  std::string short_row = scratch_file("short.csv", "a,b\n1,2\n3\n");
  CHECK(input_error(short_row, "b") == short_row + ":3: missing column 2");
}

TEST_CASE("empirical: a bad reference is left to the caller to place")
{
  std::string header_only = scratch_file("header.csv", "a,b\n");
  CHECK(reference_error(header_only, "a") == "'" + header_only + "' holds no values");
  CHECK(reference_error(header_only, "bb") == "'" + header_only + "' has no column 'bb'; did you mean 'b'?");
  CHECK(reference_error("/nonexistent/x.csv", "") == "cannot read '/nonexistent/x.csv': No such file or directory");
}
