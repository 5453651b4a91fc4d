#pragma once
// A hand-set ClusterView for policy tests: no engine, just hosts, a queue and running jobs.

#include "policy/policy.hpp"

#include <algorithm>
#include <deque>
#include <set>
#include <vector>

namespace dcflow::test {

class FakeCluster : public ClusterView {
public:
  explicit FakeCluster(std::size_t hosts) : hosts_(hosts), inactive_(hosts, false), queued_(hosts, 0), work_(hosts, 0.0)
  {
  }

  // --- setup ------------------------------------------------------------------------------------------
  void set_now(double t) { now_ = t; }
  void set_inactive(std::size_t host, bool inactive = true) { inactive_[host] = inactive; }
  // A running job holding `hosts` from `start` to `expected_end`.
  void add_running(std::int64_t id, std::vector<std::size_t> hosts, double start, double expected_end)
  {
    running_.push_back(RunningJob{id, std::move(hosts), start, expected_end});
    std::sort(running_.begin(), running_.end(), [](const RunningJob& a, const RunningJob& b) { return a.id < b.id; });
  }
  void add_queued(QueuedJob job) { queue_.push_back(std::move(job)); }
  // Convenience: a queued job with an id, a host count and an estimate.
  void add_queued(std::int64_t id, int hosts_needed, double estimate = 0, double submit = 0)
  {
    QueuedJob j;
    j.id           = id;
    j.hosts_needed = hosts_needed;
    j.estimate     = estimate;
    j.submit       = submit;
    queue_.push_back(j);
  }
  void set_queued_count(std::size_t host, std::size_t n) { queued_[host] = n; }
  void set_outstanding_work(std::size_t host, double seconds) { work_[host] = seconds; }
  void set_free_memory(std::size_t host, double bytes)
  {
    memory_.resize(hosts_, 0.0);
    memory_[host] = bytes;
  }
  std::deque<QueuedJob>& mutable_queue() { return queue_; }

  // --- ClusterView ------------------------------------------------------------------------------------
  double now() const override { return now_; }
  std::size_t host_count() const override { return hosts_; }
  bool is_active(std::size_t host) const override { return host < hosts_ && !inactive_[host]; }
  bool is_free(std::size_t host) const override { return is_active(host) && running_count(host) == 0; }
  std::size_t free_count() const override
  {
    std::size_t n = 0;
    for (std::size_t h = 0; h < hosts_; ++h)
      n += is_free(h) ? 1 : 0;
    return n;
  }
  std::size_t first_free(std::size_t from) const override
  {
    for (std::size_t h = from; h < hosts_; ++h)
      if (is_free(h))
        return h;
    return npos;
  }
  const std::deque<QueuedJob>& queue() const override { return queue_; }
  const std::vector<RunningJob>& running() const override { return running_; }
  std::size_t running_count(std::size_t host) const override
  {
    std::size_t n = 0;
    for (const auto& r : running_)
      n += std::count(r.hosts.begin(), r.hosts.end(), host);
    return n;
  }
  std::size_t queued_count(std::size_t host) const override { return queued_[host]; }
  double outstanding_work(std::size_t host) const override { return work_[host]; }
  double free_memory(std::size_t host) const override { return host < memory_.size() ? memory_[host] : 0.0; }

private:
  std::size_t hosts_;
  double now_ = 0;
  std::vector<bool> inactive_;
  std::vector<std::size_t> queued_;
  std::vector<double> work_;
  std::vector<double> memory_;
  std::deque<QueuedJob> queue_;
  std::vector<RunningJob> running_;
};

// Routes n identical jobs one after another (PerHostQueues policies) and returns the hosts chosen.
inline std::vector<std::size_t> route_n(SchedulingPolicy& policy, const ClusterView& view, int n)
{
  std::vector<std::size_t> chosen;
  QueuedJob job;
  for (int i = 0; i < n; ++i)
    chosen.push_back(policy.route(view, job));
  return chosen;
}

// How many times each of `hosts` hosts was chosen.
inline std::vector<int> counts(const std::vector<std::size_t>& chosen, std::size_t hosts)
{
  std::vector<int> n(hosts, 0);
  for (std::size_t h : chosen)
    ++n.at(h);
  return n;
}

} // namespace dcflow::test
