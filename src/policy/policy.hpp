#pragma once
// Scheduling policies decide from a small view of cluster state, never from SimGrid, so they can be
// unit-tested against a fake view. A new policy is one file, one registry entry and one test.
//
// Two dispatch models:
//  - CentralQueue (cluster scheduler, YARN/Kubernetes-like): jobs wait in one queue; after every arrival
//    and every job end the policy picks which queued jobs start now and on which hosts.
//  - PerHostQueues (load balancer, inference serving): the policy routes each job, on arrival, to one
//    host's queue; each host then serves its own queue in arrival order, one job at a time.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dcflow {

// A job as the policy sees it.
struct QueuedJob {
  std::int64_t id  = 0;
  double submit    = 0; // s
  int hosts_needed = 1; // rigid: exactly this many hosts, all held from start to end
  double estimate  = 0; // s, the job's runtime estimate (walltime request, or the scenario's estimate)
  int job_class    = 0;
  std::vector<std::size_t> data_hosts; // pool hosts holding the job's input, most of it first (see ClusterView)
};

// A job that holds hosts now. expected_end = start + estimate.
struct RunningJob {
  std::int64_t id = 0;
  std::vector<std::size_t> hosts;
  double start        = 0;
  double expected_end = 0;
};

enum class DispatchModel { CentralQueue, PerHostQueues };

// The compute pool: hosts are numbered 0..host_count()-1 in natural name order. Inactive hosts (switched
// off by autoscaling, or still booting) take no work: they are never free.
class ClusterView {
public:
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  virtual ~ClusterView()                         = default;
  virtual double now() const                     = 0;
  virtual std::size_t host_count() const         = 0;
  virtual bool is_active(std::size_t host) const = 0;
  // Free = active and running nothing.
  virtual std::size_t free_count() const       = 0;
  virtual bool is_free(std::size_t host) const = 0;
  // Lowest free host whose index is >= from, or npos.
  virtual std::size_t first_free(std::size_t from) const = 0;
  // Central queue, in arrival order (empty under PerHostQueues).
  virtual const std::deque<QueuedJob>& queue() const = 0;
  // Jobs running now, by id.
  virtual const std::vector<RunningJob>& running() const = 0;
  // Jobs running on this host (0 or 1: a job holds its hosts whole).
  virtual std::size_t running_count(std::size_t host) const = 0;
  // PerHostQueues: jobs waiting in this host's queue, not counting the one running.
  virtual std::size_t queued_count(std::size_t host) const = 0;
  // Seconds of work assigned to this host and not done: estimates of its queued jobs plus what remains of
  // its running job's estimate (never negative).
  virtual double outstanding_work(std::size_t host) const = 0;
  // Pool hosts that hold the job's input data now, most of it first (may be empty). Data moves during a run
  // (caches fill and evict, dfs writes place blocks), so a simulation answers when asked; by default, and in
  // tests, it is the job's own list.
  virtual std::vector<std::size_t> data_hosts(const QueuedJob& job) const { return job.data_hosts; }
  // Bytes of memory this host has not promised to any job (inference: a replica's KV cache minus what its
  // running and queued requests reserve; may be negative). Views without such memory say 0 for every host.
  virtual double free_memory(std::size_t /*host*/) const { return 0; }
};

// Start queue()[queue_index] now on `hosts` (all free, hosts_needed of them).
struct Dispatch {
  std::size_t queue_index = 0;
  std::vector<std::size_t> hosts;
};

// The lowest-numbered `count` free hosts at or above `next`, which moves past the last one taken (the view
// does not change during one schedule() call, so successive calls hand out successive free hosts).
std::vector<std::size_t> take_lowest_free(const ClusterView& view, std::size_t count, std::size_t& next);

// The active host with the smallest score(host), the lowest index winning ties (never memory order).
// Throws std::logic_error when no host is active: routing policies are only called with one.
template <class Score> std::size_t least_active_host(const ClusterView& view, Score score, const char* policy)
{
  std::size_t best = ClusterView::npos;
  decltype(score(std::size_t{0})) best_score{};
  for (std::size_t host = 0; host < view.host_count(); ++host) {
    if (!view.is_active(host))
      continue;
    auto value = score(host);
    if (best == ClusterView::npos || value < best_score) {
      best       = host;
      best_score = value;
    }
  }
  if (best == ClusterView::npos)
    throw std::logic_error(std::string(policy) + ": route() called with no active host");
  return best;
}

class SchedulingPolicy {
public:
  virtual ~SchedulingPolicy()         = default;
  virtual DispatchModel model() const = 0;
  // CentralQueue: called after every arrival and every job end. Queue indices are distinct and refer to
  // the queue as passed in; the caller applies all dispatches at once.
  virtual std::vector<Dispatch> schedule(const ClusterView& view);
  // PerHostQueues: the active host whose queue takes `job`, called once when the job arrives.
  virtual std::size_t route(const ClusterView& view, const QueuedJob& job);
  // CentralQueue: the policy starts jobs in queue order and stops at the first that does not fit, so only the
  // first (free hosts + 1) queued jobs ever matter; the jobs behind them may wait outside the queue (the
  // cluster then holds no more than a window of arrived jobs: README "Performance").
  virtual bool head_only() const { return false; }
};

struct PolicyInfo {
  std::string name;
  std::string description; // one line, for `dcflow policies`
  DispatchModel model;
  // Randomised policies draw from their own generator, seeded from the scenario's seed.
  std::function<std::unique_ptr<SchedulingPolicy>(std::uint64_t seed)> make;
};

// Every policy, in the order `dcflow policies` lists them.
const std::vector<PolicyInfo>& policy_registry();
std::vector<std::string> policy_names();
const PolicyInfo* find_policy(const std::string& name);
// nullptr when the name is unknown.
std::unique_ptr<SchedulingPolicy> make_policy(const std::string& name, std::uint64_t seed = 0);

} // namespace dcflow
