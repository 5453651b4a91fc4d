#pragma once
// LLM inference serving (scenario/inference.hpp): the compute pool's GPUs form model replicas of
// tensor_parallel GPUs of one node each; each request is routed on arrival to a replica by the scenario's
// per-host-queue policy; each replica's actor runs its batcher's steps (policy/replica_batcher.hpp), one
// SimGrid event per step; the autoscaler switches replicas on and off, and a replica switched on boots and then
// loads its weights from the weights tier before it serves. Used instead of Cluster when the scenario has an
// inference class. Under failures (README "Failures") it is a FailureObserver: a replica whose host fails gives
// its requests back to the router and reloads its weights when the host returns.
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <memory>
#include <vector>

namespace dcflow {

class FailureInjector;

class InferenceServer {
public:
  explicit InferenceServer(SimContext sim);
  ~InferenceServer();
  // Before Engine::run: the replicas, their actors, the submitter (and the autoscaler).
  void start(const std::vector<JobSpec>& jobs);
  // After Engine::run: closes the power periods still open; with failures, a request still waiting fails.
  void finish(double end);
  // Failures: the injector (its causes, when links are back, stopped with the last request) and the observer to
  // register with it; both before start().
  void set_failures(FailureInjector* failures);
  FailureObserver* failure_observer();

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace dcflow
