#pragma once
// Long-lived actors that run one task after another on their host. Starting a job's actor from the pool costs
// a resume; a new actor costs its stack, which the kernel maps, guards and unmaps for every job (README
// "Performance"). A worker whose task ends waits, suspended, for the next task on its host; close() ends the
// waiting ones, so that the engine can end (the owner calls it once no task will come). A worker ends after
// kTasksPerWorker tasks: SimGrid 3.32 keeps every disk I/O an actor started in that actor's activity list until
// the actor ends (IoImpl adds itself and nothing removes it), a list scanned on every suspend, resume and end of
// another activity of the actor. A worker ends after `tasks_per_worker` tasks, which bounds that list, and when
// its host already has `waiting_per_host` workers waiting: a burst of tasks (the first wave of a run) does not
// leave its workers' stacks behind.

#include <simgrid/s4u.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace dcflow {

class ActorPool {
  struct Worker;

public:
  // One task run by a worker: kill() stops that task's worker if it is still running this task (a worker that
  // has moved on to another task is left alone).
  class Task {
  public:
    Task() = default;
    explicit operator bool() const { return worker_ != nullptr; }
    void kill() const;

  private:
    friend class ActorPool;
    Task(std::shared_ptr<Worker> worker, std::uint64_t serial) : worker_(std::move(worker)), serial_(serial) {}
    std::shared_ptr<Worker> worker_;
    std::uint64_t serial_ = 0;
  };

  ActorPool(std::uint64_t tasks_per_worker, std::size_t waiting_per_host)
      : tasks_per_worker_(tasks_per_worker), waiting_per_host_(waiting_per_host)
  {
  }

  // Runs `task` on `host`, in a waiting worker of that host if there is one, else in a new actor named `name`.
  Task run(const std::string& name, simgrid::s4u::Host* host, std::function<void()> task);
  // No task will come: the waiting workers end, and a worker ends when its task does.
  void close();

private:
  void serve(const std::shared_ptr<Worker>& worker);

  std::unordered_map<simgrid::s4u::Host*, std::vector<std::shared_ptr<Worker>>> waiting_; // per host, last in first out
  std::uint64_t created_ = 0; // workers so far: each one's number, the order close() ends them in
  std::uint64_t tasks_per_worker_;
  std::size_t waiting_per_host_;
  bool closed_ = false;
};

} // namespace dcflow
