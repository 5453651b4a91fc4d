#include "report/record_log.hpp"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace dcflow::detail {

std::size_t block_records()
{
  static const std::size_t records = [] {
    const char* given = std::getenv("DCFLOW_RECORD_BLOCK");
    long value        = given != nullptr ? std::strtol(given, nullptr, 10) : 0;
    return value >= 1 ? static_cast<std::size_t>(value) : std::size_t{32768};
  }();
  return records;
}

namespace {
std::string& spill_failure()
{
  static std::string why;
  return why;
}
} // namespace

void note_spill_failure(const std::string& why)
{
  if (spill_failure().empty())
    spill_failure() = why;
}

SpillFile::SpillFile()
{
  const char* tmpdir = std::getenv("TMPDIR");
  dir_               = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  std::string path   = dir_ + "/dcflow-records-XXXXXX";
  fd_                = mkstemp(path.data());
  if (fd_ < 0)
    throw std::system_error(errno, std::generic_category(),
                            "cannot create a temporary file in " + dir_ + " for the run's records (set TMPDIR)");
  unlink(path.c_str()); // unnamed: gone when closed, whatever happens to the process
}

SpillFile::~SpillFile()
{
  if (fd_ >= 0)
    close(fd_);
}

std::uint64_t SpillFile::append(const std::string& bytes)
{
  std::uint64_t offset = size_;
  std::size_t done     = 0;
  while (done < bytes.size()) {
    ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::system_error(errno, std::generic_category(),
                              "cannot write the run's records to a temporary file in " + dir_ + " (set TMPDIR)");
    done += static_cast<std::size_t>(n);
  }
  size_ += bytes.size();
  return offset;
}

void SpillFile::read(std::uint64_t offset, std::size_t size, std::string& into) const
{
  into.resize(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = pread(fd_, into.data() + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::system_error(errno, std::generic_category(), "cannot read the run's records back from " + dir_);
    done += static_cast<std::size_t>(n);
  }
}

} // namespace dcflow::detail

namespace dcflow {

std::string record_spill_failure()
{
  return detail::spill_failure();
}

} // namespace dcflow
