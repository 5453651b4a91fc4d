#include "sim/actor_pool.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace dcflow {

struct ActorPool::Worker {
  sg4::Host* host = nullptr;
  sg4::ActorPtr actor;
  std::function<void()> task; // the next task; empty when resumed by close()
  std::uint64_t number = 0;   // its place in the order of creation
  std::uint64_t serial = 0;   // tasks given so far
  bool running         = false;
};

void ActorPool::Task::kill() const
{
  if (worker_ && worker_->running && worker_->serial == serial_ && worker_->actor)
    worker_->actor->kill();
}

ActorPool::Task ActorPool::run(const std::string& name, sg4::Host* host, std::function<void()> task)
{
  auto& waiting = waiting_[host];
  if (!waiting.empty()) {
    std::shared_ptr<Worker> worker = std::move(waiting.back());
    waiting.pop_back();
    worker->task    = std::move(task);
    worker->running = true;
    Task handle(worker, ++worker->serial);
    worker->actor->resume();
    return handle;
  }
  auto worker     = std::make_shared<Worker>();
  worker->host    = host;
  worker->number  = created_++;
  worker->task    = std::move(task);
  worker->running = true;
  Task handle(worker, ++worker->serial);
  // The worker's code holds it; the pool holds it only while it waits.
  worker->actor = sg4::Actor::create(name, host, [this, worker] { serve(worker); });
  return handle;
}

void ActorPool::serve(const std::shared_ptr<Worker>& worker)
{
  while (worker->task) {
    std::function<void()> task = std::move(worker->task);
    worker->task               = nullptr;
    task();
    worker->running = false;
    if (closed_ || worker->serial >= tasks_per_worker_)
      break;
    auto& waiting = waiting_[worker->host];
    if (waiting.size() >= waiting_per_host_)
      break;
    waiting.push_back(worker);
    sg4::this_actor::suspend(); // until run() gives it a task, or close()
  }
  worker->actor = nullptr; // the actor ends: no cycle between it and its worker
}

void ActorPool::close()
{
  if (closed_)
    return;
  closed_ = true;
  std::vector<std::shared_ptr<Worker>> waiting;
  for (auto& [host, workers] : waiting_)
    waiting.insert(waiting.end(), workers.begin(), workers.end());
  waiting_.clear();
  // In order of creation, not of the hosts' addresses: the same run ends its actors in the same order.
  std::sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) { return a->number < b->number; });
  for (auto& w : waiting) // resumed without a task, it returns from serve()
    w->actor->resume();
}

} // namespace dcflow
