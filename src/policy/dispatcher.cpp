#include "policy/dispatcher.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace dcflow {

Dispatcher::Dispatcher(std::size_t hosts, std::unique_ptr<SchedulingPolicy> policy)
    : policy_(std::move(policy)), active_(hosts, true), host_job_(hosts, -1), host_queues_(hosts),
      host_queued_work_(hosts, 0.0)
{
  for (std::size_t h = 0; h < hosts; ++h)
    free_.insert(free_.end(), h);
}

std::size_t Dispatcher::first_free(std::size_t from) const
{
  auto it = free_.lower_bound(from);
  return it == free_.end() ? npos : *it;
}

const std::vector<RunningJob>& Dispatcher::running() const
{
  if (running_dirty_) {
    running_cache_.clear();
    for (const auto& entry : running_by_id_)
      running_cache_.push_back(entry.second);
    running_dirty_ = false;
  }
  return running_cache_;
}

double Dispatcher::outstanding_work(std::size_t host) const
{
  double work = host_queued_work_[host];
  if (host_job_[host] >= 0)
    work += std::max(0.0, running_by_id_.at(host_job_[host]).expected_end - now_);
  return work;
}

std::size_t Dispatcher::queued_total() const
{
  return queue_.size() + host_queued_;
}

void Dispatcher::submit(const QueuedJob& job)
{
  if (policy_->model() == DispatchModel::CentralQueue) {
    queue_.push_back(job);
    return;
  }
  std::size_t host = policy_->route(*this, job);
  if (host >= active_.size() || !active_[host])
    throw std::logic_error("policy routed job " + std::to_string(job.id) + " to an unusable host " +
                           std::to_string(host));
  host_queues_[host].push_back(job);
  ++host_queued_;
  host_queued_work_[host] += job.estimate;
  waiting_hosts_.insert(host);
}

void Dispatcher::finish(std::int64_t id)
{
  auto it = running_by_id_.find(id);
  if (it == running_by_id_.end())
    throw std::logic_error("finish() of job " + std::to_string(id) + ", which is not running");
  for (std::size_t h : it->second.hosts) {
    host_job_[h] = -1;
    if (active_[h])
      free_.insert(h);
  }
  running_by_id_.erase(it);
  running_dirty_ = true;
}

void Dispatcher::set_active(std::size_t host, bool active)
{
  active_[host] = active;
  if (active && host_job_[host] < 0)
    free_.insert(host);
  else
    free_.erase(host);
}

void Dispatcher::start(const QueuedJob& job, std::vector<std::size_t> hosts, std::vector<Start>& out)
{
  for (std::size_t h : hosts) {
    if (!free_.erase(h))
      throw std::logic_error("job " + std::to_string(job.id) + " dispatched to host " + std::to_string(h) +
                             ", which is not free");
    host_job_[h] = job.id;
  }
  running_by_id_[job.id] = RunningJob{job.id, hosts, now_, now_ + job.estimate};
  running_dirty_         = true;
  out.push_back(Start{job.id, std::move(hosts)});
}

std::vector<Start> Dispatcher::dispatch()
{
  std::vector<Start> starts;
  if (policy_->model() == DispatchModel::PerHostQueues) {
    // Each free host serves the head of its own queue.
    for (auto it = waiting_hosts_.begin(); it != waiting_hosts_.end();) {
      std::size_t h = *it;
      if (free_.count(h) > 0) {
        QueuedJob job = std::move(host_queues_[h].front());
        host_queues_[h].pop_front();
        --host_queued_;
        host_queued_work_[h] -= job.estimate;
        if (host_queues_[h].empty())
          host_queued_work_[h] = 0; // no drift from repeated subtraction
        start(job, {h}, starts);
      }
      it = host_queues_[h].empty() ? waiting_hosts_.erase(it) : std::next(it);
    }
    return starts;
  }
  if (queue_.empty() || free_.empty())
    return starts;
  std::vector<Dispatch> decisions = policy_->schedule(*this);
  if (decisions.empty())
    return starts;
  std::vector<bool> taken(queue_.size(), false);
  for (auto& d : decisions) {
    if (d.queue_index >= queue_.size() || taken[d.queue_index])
      throw std::logic_error("policy returned an invalid or repeated queue index");
    if (d.hosts.size() != static_cast<std::size_t>(queue_[d.queue_index].hosts_needed))
      throw std::logic_error("policy gave job " + std::to_string(queue_[d.queue_index].id) + " the wrong host count");
    taken[d.queue_index] = true;
    start(queue_[d.queue_index], std::move(d.hosts), starts);
  }
  // Remove the dispatched jobs, keeping the order of the rest (FIFO dispatches a prefix: pop it cheaply).
  std::size_t prefix = 0;
  while (prefix < taken.size() && taken[prefix])
    ++prefix;
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(prefix));
  if (decisions.size() > prefix) {
    std::deque<QueuedJob> rest;
    for (std::size_t k = prefix; k < taken.size(); ++k)
      if (!taken[k])
        rest.push_back(std::move(queue_[k - prefix]));
    queue_.swap(rest);
  }
  return starts;
}

} // namespace dcflow
