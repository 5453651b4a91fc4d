// The registry of scheduling policies: one entry per policy, listed by `dcflow policies` in this order.
#include "policy/fifo.hpp"
#include "policy/policy.hpp"

#include <stdexcept>

namespace dcflow {

std::vector<Dispatch> SchedulingPolicy::schedule(const ClusterView&)
{
  throw std::logic_error("schedule() called on a per-host-queue policy");
}

std::size_t SchedulingPolicy::route(const ClusterView&, const QueuedJob&)
{
  throw std::logic_error("route() called on a central-queue policy");
}

const std::vector<PolicyInfo>& policy_registry()
{
  static const std::vector<PolicyInfo> registry = {
      {"fifo", "central queue, first come first served on the lowest-numbered free hosts; no overtaking",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<FifoPolicy>(); }},
      // (new policies: one entry each, below this line)
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

const PolicyInfo* find_policy(const std::string& name)
{
  for (const auto& info : policy_registry())
    if (info.name == name)
      return &info;
  return nullptr;
}

std::unique_ptr<SchedulingPolicy> make_policy(const std::string& name, std::uint64_t seed)
{
  const PolicyInfo* info = find_policy(name);
  return info ? info->make(seed) : nullptr;
}

} // namespace dcflow
