#include "workload/request_trace.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace dcflow {

std::vector<TracedRequest> read_request_trace(const std::string& path, const Location& where)
{
  std::ifstream in(path);
  if (!in)
    throw InputError(where, "cannot read the request trace '" + path + "'");
  std::vector<TracedRequest> requests;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    std::vector<std::string> cells;
    std::stringstream split(line);
    std::string cell;
    while (std::getline(split, cell, ','))
      cells.push_back(cell);
    char* end = nullptr;
    if (requests.empty() && line_number == 1) {
      std::strtod(cells[0].c_str(), &end);
      if (end == cells[0].c_str())
        continue; // a header
    }
    if (cells.size() != 3)
      throw InputError(Location{path, line_number},
                       "expected 3 columns (arrival,prompt,output), got " + std::to_string(cells.size()));
    double values[3];
    for (int c = 0; c < 3; ++c) {
      values[c] = std::strtod(cells[c].c_str(), &end);
      if (end == cells[c].c_str() || *end != '\0' || !std::isfinite(values[c]) || values[c] < 0)
        throw InputError(Location{path, line_number, 0}, "expected a non-negative number in column " +
                                                             std::to_string(c + 1) + ", got '" + cells[c] + "'");
    }
    for (int c = 1; c < 3; ++c)
      // At most 2^53: every whole number up to it is exact in a double, and it converts to int64 (a larger
      // value such as 1e300 would not: found by tests/fuzz/fuzz_request_trace).
      if (values[c] < 1 || values[c] != std::floor(values[c]) || values[c] > 9007199254740992.0)
        throw InputError(Location{path, line_number},
                         std::string(c == 1 ? "prompt" : "output") + " tokens must be a whole number from 1 to 2^53, got '" +
                             cells[c] + "'");
    requests.push_back(TracedRequest{values[0], static_cast<std::int64_t>(values[1]),
                                     static_cast<std::int64_t>(values[2])});
  }
  if (requests.empty())
    throw InputError(where, "the request trace '" + path + "' holds no request");
  return requests;
}

} // namespace dcflow
