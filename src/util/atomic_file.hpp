#pragma once
// Output files are written to a temporary name beside the target and renamed into place,
// so a crash or an error never leaves a half-written result.

#include <functional>
#include <ostream>
#include <string>

namespace dcflow {

// Writes `content` to `path` atomically. Throws std::runtime_error on I/O failure.
void write_file_atomic(const std::string& path, const std::string& content);
// The same, with the content written by `write` to the temporary file as it goes (a large file is never held
// whole in memory).
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace dcflow
