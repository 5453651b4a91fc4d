// Empirical CSV reader: the first line of the input is the column name (empty: the first column), the rest
// the file. Documented: InputError (a bad data line), std::invalid_argument (a bad reference).
#include "fuzz_support.hpp"
#include "util/error.hpp"
#include "workload/empirical.hpp"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t newline = text.find('\n');
  std::string column  = newline == std::string::npos ? std::string() : text.substr(0, newline);
  std::string body    = newline == std::string::npos ? text : text.substr(newline + 1);
  const std::string& path =
      dcflow::fuzz::write_scratch(reinterpret_cast<const std::uint8_t*>(body.data()), body.size(), ".csv");
  try {
    (void)dcflow::read_empirical_column(path, column, 1e9);
  } catch (const dcflow::InputError&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
