#include "policy/autoscaler.hpp"

#include <algorithm>

namespace dcflow {

ScaleAction Autoscaler::decide(const PoolState& state)
{
  ScaleAction action;
  if (last_action_ && state.now < *last_action_ + settings_.cooldown)
    return action;
  const std::size_t hosts = state.power.size();
  std::size_t powered = 0, active = 0, busy = 0;
  for (std::size_t h = 0; h < hosts; ++h) {
    powered += state.power[h] != PowerState::Off ? 1 : 0;
    if (state.power[h] == PowerState::Active) {
      ++active;
      busy += state.busy[h] ? 1 : 0;
    }
  }
  const std::size_t max = settings_.max > 0 ? static_cast<std::size_t>(settings_.max) : hosts;
  const std::size_t min = static_cast<std::size_t>(settings_.min);

  bool queue_high = settings_.scale_out_queue && static_cast<double>(state.queued) >= *settings_.scale_out_queue;
  bool util_high  = settings_.scale_out_util && active > 0 &&
                   static_cast<double>(busy) / static_cast<double>(active) >= *settings_.scale_out_util;
  if ((queue_high || util_high) && powered < max) {
    std::size_t wanted = std::min<std::size_t>(static_cast<std::size_t>(settings_.step), max - powered);
    for (std::size_t h = 0; h < hosts && action.switch_on.size() < wanted; ++h)
      if (state.power[h] == PowerState::Off)
        action.switch_on.push_back(h);
  } else if (!queue_high && !util_high) {
    // Keep `min` hosts powered and, whatever boots, at least `min` (and one) active: a booting host takes
    // no work yet.
    std::size_t keep_active = std::max<std::size_t>(1, min);
    for (std::size_t h = hosts; h-- > 0 && powered > min && active > keep_active;) {
      if (state.power[h] == PowerState::Active && !state.busy[h] &&
          state.now - state.idle_since[h] >= settings_.scale_in_idle) {
        action.switch_off.push_back(h);
        --powered;
        --active;
      }
    }
  }
  if (!action.switch_on.empty() || !action.switch_off.empty())
    last_action_ = state.now;
  return action;
}

} // namespace dcflow
