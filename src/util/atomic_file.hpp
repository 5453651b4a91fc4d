#pragma once
// Output files are written to a temporary name beside the target and renamed into place,
// so a crash or an error never leaves a half-written result.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace dcflow {

// Writes `content` to `path` atomically. Throws std::runtime_error on I/O failure (disk full, no permission),
// after removing the temporary file.
void write_file_atomic(const std::string& path, const std::string& content);
// The same, with the content written by `write` to the temporary file as it goes (a large file is never held
// whole in memory).
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Several output files that appear together or not at all: each is written to its temporary name by write();
// commit() renames them all into place. Until commit(), an error (write() throws std::runtime_error) or the
// set going out of scope removes every temporary file written so far, so a run that cannot write one of its
// results leaves none of them, nor a file of an earlier run replaced.
class OutputFiles {
public:
  OutputFiles()                              = default;
  OutputFiles(const OutputFiles&)            = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;
  ~OutputFiles();

  void write(const std::string& path, const std::string& content);
  void write(const std::string& path, const std::function<void(std::ostream&)>& write);
  void commit();

private:
  std::vector<std::string> paths_; // written to path + ".tmp", not yet renamed
};

} // namespace dcflow
