#pragma once
// An inference request trace: a CSV file of arrival (seconds), prompt and output (tokens) per line, an optional
// header line first (a first cell that is not a number), empty lines skipped.

#include "util/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dcflow {

struct TracedRequest {
  double arrival      = 0;
  std::int64_t prompt = 0;
  std::int64_t output = 0;
};

// The requests of `path` in file order. A bad line is an InputError at path:line; a file that cannot be read
// or holds no request is an InputError at `where` (the key that named it).
std::vector<TracedRequest> read_request_trace(const std::string& path, const Location& where);

} // namespace dcflow
