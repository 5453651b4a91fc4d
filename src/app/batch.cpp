#include "app/batch.hpp"

#include "util/strings.hpp"

#include <fmt/format.h>

namespace dcflow {
namespace {

std::string group_label(const Batch& batch, const Group& group)
{
  if (batch.command == "compare")
    return group.values.front();
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < batch.key_columns.size(); ++i)
    parts.push_back(batch.key_columns[i] + "=" + group.values[i]);
  return join(parts, " ");
}

} // namespace

std::string run_label(const Batch& batch, const Run& run)
{
  return fmt::format("{} seed {}", group_label(batch, batch.groups[run.group]), run.seed);
}

} // namespace dcflow
