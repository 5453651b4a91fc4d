#pragma once
// The autoscaler's loop in the simulation, shared by the cluster (hosts) and the inference server (replicas):
// every `interval` it asks for the pool's state, lets the engine-free Autoscaler decide, counts the scale-out
// and scale-in events and applies the decision (switch-offs first, then boots).

#include "policy/autoscaler.hpp"
#include "report/records.hpp"

#include <functional>

namespace dcflow {

struct AutoscaleHooks {
  std::function<PoolState(double now)> observe;
  std::function<void(std::size_t unit, double now)> switch_off;
  std::function<void(std::size_t unit, double now)> boot;
};

// Runs in the calling actor, which it daemonizes: it dies with the last non-daemon actor, so it never
// prolongs a run. Never returns.
[[noreturn]] void run_autoscaler(const AutoscaleSettings& settings, RunRecords& records, const AutoscaleHooks& hooks);

} // namespace dcflow
