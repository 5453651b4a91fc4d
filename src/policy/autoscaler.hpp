#pragma once
// Autoscaling decisions, independent of SimGrid: every evaluation interval the simulation describes the
// pool's power states and load, and the autoscaler says which hosts to switch on or off.
//   scale out: when the queue holds at least `scale_out_queue` jobs, or the busy fraction of the active
//              hosts reaches `scale_out_util`: switch on `step` more hosts (lowest-numbered first), up to
//              `max` hosts powered; each boots for `boot_time` before it takes work;
//   scale in:  switch off every active host idle for at least `scale_in_idle` (highest-numbered first),
//              keeping at least `min` powered and at least `min` (and one) active, booting hosts aside;
// no action at all within `cooldown` of the previous one.

#include "policy/autoscale_settings.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace dcflow {

enum class PowerState { Off, Booting, Active };

struct PoolState {
  double now = 0;
  std::vector<PowerState> power;  // per host
  std::vector<bool> busy;         // per host: running a job
  std::vector<double> idle_since; // per host: when it last became idle (active hosts)
  std::size_t queued = 0;         // jobs waiting
};

struct ScaleAction {
  std::vector<std::size_t> switch_on;  // hosts to boot
  std::vector<std::size_t> switch_off; // idle active hosts to power down
};

class Autoscaler {
public:
  explicit Autoscaler(AutoscaleSettings settings) : settings_(settings) {}
  ScaleAction decide(const PoolState& state);

private:
  AutoscaleSettings settings_;
  std::optional<double> last_action_;
};

} // namespace dcflow
