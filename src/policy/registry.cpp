// The registry of scheduling policies: one entry per policy, listed by `dcflow policies` in this order.
#include "policy/conservative_backfilling.hpp"
#include "policy/easy_backfilling.hpp"
#include "policy/fifo.hpp"
#include "policy/join_shortest_queue.hpp"
#include "policy/least_connection.hpp"
#include "policy/least_loaded.hpp"
#include "policy/locality.hpp"
#include "policy/most_free_kv.hpp"
#include "policy/policy.hpp"
#include "policy/power_of_two.hpp"
#include "policy/random.hpp"
#include "policy/round_robin.hpp"
#include "policy/sjf.hpp"

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

std::vector<std::size_t> take_lowest_free(const ClusterView& view, std::size_t count, std::size_t& next)
{
  std::vector<std::size_t> hosts;
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t host = view.first_free(next);
    hosts.push_back(host);
    next = host + 1;
  }
  return hosts;
}

const std::vector<PolicyInfo>& policy_registry()
{
  static const std::vector<PolicyInfo> registry = {
      {"fifo", "central queue: first come first served on the lowest-numbered free hosts; no overtaking",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<FifoPolicy>(); }},
      // (new policies: one entry each, below this line)
      {"easy_backfilling",
       "central queue: in order while jobs fit; the blocked head reserves hosts and later jobs may start only if "
       "they end by its start or fit on the free hosts outside its reservation",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<EasyBackfillingPolicy>(); }},
      {"conservative_backfilling",
       "central queue: every queued job in order reserves the earliest hosts free for its estimate; starts when "
       "its reservation is now",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<ConservativeBackfillingPolicy>(); }},
      {"round_robin", "per-host queues: each job to the next active host in index order, cycling",
       DispatchModel::PerHostQueues, [](std::uint64_t) { return std::make_unique<RoundRobinPolicy>(); }},
      {"least_connection", "per-host queues: each job to the active host with the fewest jobs running + queued",
       DispatchModel::PerHostQueues, [](std::uint64_t) { return std::make_unique<LeastConnectionPolicy>(); }},
      {"most_free_kv",
       "per-host queues (inference): each request to the active replica with the most KV-cache memory not "
       "reserved by its running and queued requests",
       DispatchModel::PerHostQueues, [](std::uint64_t) { return std::make_unique<MostFreeKvPolicy>(); }},
      {"least_loaded", "per-host queues: each job to the active host with the least outstanding estimated work",
       DispatchModel::PerHostQueues, [](std::uint64_t) { return std::make_unique<LeastLoadedPolicy>(); }},
      {"random", "per-host queues: each job to an active host drawn uniformly (seeded)", DispatchModel::PerHostQueues,
       [](std::uint64_t seed) { return std::make_unique<RandomPolicy>(seed); }},
      {"power_of_two", "per-host queues: of two random active hosts, the one with fewer jobs running + queued",
       DispatchModel::PerHostQueues, [](std::uint64_t seed) { return std::make_unique<PowerOfTwoPolicy>(seed); }},
      {"join_shortest_queue", "per-host queues: each job to the active host with the fewest jobs waiting, then the fewest running",
       DispatchModel::PerHostQueues, [](std::uint64_t) { return std::make_unique<JoinShortestQueuePolicy>(); }},
      {"sjf", "central queue: shortest estimate first, skipping jobs that do not fit (large jobs can starve)",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<SjfPolicy>(); }},
      {"locality", "central queue: first come first served, each job on free hosts holding its data first",
       DispatchModel::CentralQueue, [](std::uint64_t) { return std::make_unique<LocalityPolicy>(); }},
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
