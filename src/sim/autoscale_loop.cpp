#include "sim/autoscale_loop.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace dcflow {

void run_autoscaler(const AutoscaleSettings& settings, RunRecords& records, const AutoscaleHooks& hooks)
{
  sg4::Actor::self()->daemonize();
  Autoscaler autoscaler(settings);
  for (;;) {
    double now         = sg4::Engine::get_clock();
    ScaleAction action = autoscaler.decide(hooks.observe(now));
    if (!action.switch_on.empty())
      ++records.scale_out_events;
    if (!action.switch_off.empty())
      ++records.scale_in_events;
    for (std::size_t unit : action.switch_off)
      hooks.switch_off(unit, now);
    for (std::size_t unit : action.switch_on)
      hooks.boot(unit, now);
    sg4::this_actor::sleep_for(settings.interval);
  }
}

} // namespace dcflow
