#include "util/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace dcflow {
namespace {

std::string temporary_of(const std::string& path)
{
  return path + ".tmp";
}

// Writes `path`'s temporary file; on failure removes it and throws.
void write_temporary(const std::string& path, const std::function<void(std::ostream&)>& write)
{
  std::string temporary = temporary_of(path);
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(errno));
  write(out);
  out.flush();
  if (!out) {
    int error = errno;
    out.close();
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(error));
  }
}

void rename_into_place(const std::string& path)
{
  std::string temporary = temporary_of(path);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + std::strerror(error));
  }
}

} // namespace

void write_file_atomic(const std::string& path, const std::string& content)
{
  write_file_atomic(
      path, [&content](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write)
{
  write_temporary(path, write);
  rename_into_place(path);
}

OutputFiles::~OutputFiles()
{
  for (const auto& path : paths_)
    std::remove(temporary_of(path).c_str());
}

void OutputFiles::write(const std::string& path, const std::string& content)
{
  write(path,
        [&content](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

void OutputFiles::write(const std::string& path, const std::function<void(std::ostream&)>& write)
{
  write_temporary(path, write);
  paths_.push_back(path);
}

void OutputFiles::commit()
{
  while (!paths_.empty()) {
    rename_into_place(paths_.front());
    paths_.erase(paths_.begin());
  }
}

} // namespace dcflow
