#pragma once
// Scheduling policies decide from a small view of cluster state, never from SimGrid, so they can be
// unit-tested against a fake view. A new policy is one file, one registry entry and one test.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace dcflow {

// A job waiting in the central queue, as the policy sees it.
struct QueuedJob {
  std::int64_t id  = 0;
  double submit    = 0; // s
  int hosts_needed = 1;
  double estimate  = 0; // s, the job's runtime estimate when known (0 = unknown)
  int job_class    = 0;
};

// The compute pool: hosts are numbered 0..host_count()-1 in natural name order.
class ClusterView {
public:
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  virtual ~ClusterView()                                    = default;
  virtual double now() const                                = 0;
  virtual std::size_t host_count() const                    = 0;
  virtual std::size_t free_count() const                    = 0;
  virtual bool is_free(std::size_t host) const              = 0;
  // Lowest free host whose index is >= from, or npos.
  virtual std::size_t first_free(std::size_t from) const    = 0;
  virtual const std::deque<QueuedJob>& queue() const        = 0;
};

// Start queue()[queue_index] now on `hosts` (all free, hosts_needed of them).
struct Dispatch {
  std::size_t queue_index = 0;
  std::vector<std::size_t> hosts;
};

class SchedulingPolicy {
public:
  virtual ~SchedulingPolicy() = default;
  // Called after every arrival and every job end. Queue indices are distinct and refer to the queue as
  // passed in; the caller applies all dispatches at once.
  virtual std::vector<Dispatch> schedule(const ClusterView& view) = 0;
};

struct PolicyInfo {
  std::string name;
  std::string description; // one line, for `dcflow policies` and --help
  std::function<std::unique_ptr<SchedulingPolicy>()> make;
};

// Every policy, in the order `dcflow policies` lists them.
const std::vector<PolicyInfo>& policy_registry();
std::vector<std::string> policy_names();
// nullptr when the name is unknown.
std::unique_ptr<SchedulingPolicy> make_policy(const std::string& name);

} // namespace dcflow
