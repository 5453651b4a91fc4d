#include "policy/fifo.hpp"
#include "policy/policy.hpp"

namespace dcflow {

const std::vector<PolicyInfo>& policy_registry()
{
  static const std::vector<PolicyInfo> registry = {
      {"fifo", "central queue, first come first served, lowest-numbered free hosts; no overtaking",
       [] { return std::make_unique<FifoPolicy>(); }},
  };
  return registry;
}

std::vector<std::string> policy_names()
{
  std::vector<std::string> names;
  for (const auto& info : policy_registry())
    names.push_back(info.name);
  return names;
}

std::unique_ptr<SchedulingPolicy> make_policy(const std::string& name)
{
  for (const auto& info : policy_registry())
    if (info.name == name)
      return info.make();
  return nullptr;
}

} // namespace dcflow
