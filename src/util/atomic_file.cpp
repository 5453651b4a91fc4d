#include "util/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace dcflow {

void write_file_atomic(const std::string& path, const std::string& content)
{
  write_file_atomic(path, [&content](std::ostream& out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write)
{
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out)
      throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(errno));
    write(out);
    out.flush();
    if (!out)
      throw std::runtime_error("cannot write '" + temporary + "': " + std::strerror(errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "': " + std::strerror(errno));
  }
}

} // namespace dcflow
