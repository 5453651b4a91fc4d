#pragma once
// The data of a scenario's `dist: empirical`: one numeric column of a CSV file. Reading data files is the
// workload layer's business; the scenario loader only names the file and places the errors.

#include <string>
#include <vector>

namespace dcflow {

// The values of `column` (a header name; empty: the first column) of the CSV file `path`, each times `unit`.
// A first line whose first cell is not a number is a header. A bad data line is an InputError at path:line.
// A bad reference (the file cannot be read, has no such column, or holds no values) is a
// std::invalid_argument carrying the message only: the caller places it at the key that named the file.
std::vector<double> read_empirical_column(const std::string& path, const std::string& column, double unit);

} // namespace dcflow
