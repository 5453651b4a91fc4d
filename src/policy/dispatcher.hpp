#pragma once
// The scheduler's state machine, independent of SimGrid: the central queue or the per-host queues, the
// free and running hosts, and the policy that decides. The simulation tells it when jobs arrive and end
// and starts what dispatch() returns; tests drive it directly with a clock of their own.

#include "policy/policy.hpp"

#include <map>
#include <memory>
#include <set>
#include <vector>

namespace dcflow {

struct Start {
  std::int64_t id = 0;
  std::vector<std::size_t> hosts;
};

class Dispatcher : public ClusterView {
public:
  Dispatcher(std::size_t hosts, std::unique_ptr<SchedulingPolicy> policy);

  void set_now(double now) { now_ = now; }
  // A job arrives (PerHostQueues: it is routed to a host's queue now).
  void submit(const QueuedJob& job);
  // A running job ended and frees its hosts.
  void finish(std::int64_t id);
  // Autoscaling: an inactive host takes no new work (a running job keeps it until it ends).
  void set_active(std::size_t host, bool active);
  // Jobs that start now, with their hosts; they count as running from this call on.
  std::vector<Start> dispatch();

  // Where a job's input data is, asked when a policy wants to know (see ClusterView::data_hosts).
  using DataLocator = std::function<std::vector<std::size_t>(const QueuedJob&)>;
  void set_data_locator(DataLocator locator) { locator_ = std::move(locator); }

  // Jobs waiting, in the central queue or the host queues (kept as a count: asked at every arrival).
  std::size_t queued_total() const;
  // The policy decides from the head of the queue alone (SchedulingPolicy::head_only).
  bool head_only() const { return policy_->head_only(); }

  // ClusterView
  double now() const override { return now_; }
  std::size_t host_count() const override { return active_.size(); }
  bool is_active(std::size_t host) const override { return active_[host]; }
  std::size_t free_count() const override { return free_.size(); }
  bool is_free(std::size_t host) const override { return free_.count(host) > 0; }
  std::size_t first_free(std::size_t from) const override;
  const std::deque<QueuedJob>& queue() const override { return queue_; }
  const std::vector<RunningJob>& running() const override;
  std::size_t running_count(std::size_t host) const override { return host_job_[host] >= 0 ? 1 : 0; }
  std::size_t queued_count(std::size_t host) const override { return host_queues_[host].size(); }
  double outstanding_work(std::size_t host) const override;
  std::vector<std::size_t> data_hosts(const QueuedJob& job) const override
  {
    return locator_ ? locator_(job) : job.data_hosts;
  }

private:
  void start(const QueuedJob& job, std::vector<std::size_t> hosts, std::vector<Start>& out);

  std::unique_ptr<SchedulingPolicy> policy_;
  DataLocator locator_;
  double now_ = 0;
  std::vector<bool> active_;
  std::set<std::size_t> free_;                     // active hosts running nothing
  std::vector<std::int64_t> host_job_;             // job running on each host, or -1
  std::deque<QueuedJob> queue_;                    // CentralQueue
  std::vector<std::deque<QueuedJob>> host_queues_; // PerHostQueues
  std::vector<double> host_queued_work_;           // sum of estimates in each host queue
  std::size_t host_queued_ = 0;                    // jobs in all host queues
  std::set<std::size_t> waiting_hosts_;            // PerHostQueues: hosts with a non-empty queue
  std::map<std::int64_t, RunningJob> running_by_id_;
  mutable std::vector<RunningJob> running_cache_;
  mutable bool running_dirty_ = false;
};

} // namespace dcflow
