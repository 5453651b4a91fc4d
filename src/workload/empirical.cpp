#include "workload/empirical.hpp"

#include "util/error.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dcflow {

std::vector<double> read_empirical_column(const std::string& path, const std::string& column, double unit)
{
  std::ifstream in(path);
  if (!in)
    throw std::invalid_argument("cannot read '" + path + "': " + std::strerror(errno));
  std::vector<double> values;
  std::string line;
  int line_number  = 0;
  int column_index = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    std::vector<std::string> cells;
    std::stringstream split(line);
    std::string cell;
    while (std::getline(split, cell, ','))
      cells.push_back(cell);
    if (cells.empty())
      continue;
    char* end = nullptr;
    if (line_number == 1) {
      std::strtod(cells[0].c_str(), &end);
      bool header = end == cells[0].c_str() || *end != '\0';
      if (header) {
        if (!column.empty()) {
          auto it = std::find(cells.begin(), cells.end(), column);
          if (it == cells.end())
            throw std::invalid_argument("'" + path + "' has no column '" + column + "'" + did_you_mean(column, cells));
          column_index = static_cast<int>(it - cells.begin());
        }
        continue;
      }
    }
    if (static_cast<std::size_t>(column_index) >= cells.size())
      throw InputError(Location{path, line_number}, "missing column " + std::to_string(column_index + 1));
    double value = std::strtod(cells[column_index].c_str(), &end);
    if (end == cells[column_index].c_str() || !std::isfinite(value) || value < 0)
      throw InputError(Location{path, line_number},
                       "expected a non-negative number, got '" + cells[column_index] + "'");
    values.push_back(value * unit);
  }
  if (values.empty())
    throw std::invalid_argument("'" + path + "' holds no values");
  return values;
}

} // namespace dcflow
