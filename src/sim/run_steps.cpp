#include "sim/run_steps.hpp"

#include "sim/routing.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <unordered_set>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

struct Pending : ActivitySink {
  std::vector<sg4::ActivityPtr> activities;
  std::vector<int> tags;

  void add(sg4::ActivityPtr activity, int tag) override
  {
    activities.push_back(std::move(activity));
    tags.push_back(tag);
  }
};

// One activity step: start its activities, wait until as many have ended as `start` returned, then `done`.
void run_step(Step& step, Pending& pending)
{
  int left = step.start(pending);
  if (left <= 0) // nothing to wait for: the job runner moves on without `done` too
    return;
  bool tagged = step.ended && std::any_of(pending.tags.begin(), pending.tags.end(), [](int t) { return t >= 0; });
  if (!tagged) {
    for (auto& activity : pending.activities)
      activity->wait();
  } else {
    while (left > 0 && !pending.activities.empty()) {
      auto i  = static_cast<std::size_t>(sg4::Activity::wait_any(pending.activities));
      int tag = pending.tags[i];
      pending.activities.erase(pending.activities.begin() + static_cast<std::ptrdiff_t>(i));
      pending.tags.erase(pending.tags.begin() + static_cast<std::ptrdiff_t>(i));
      if (tag >= 0 && !step.ended(tag, pending))
        continue;
      --left;
    }
  }
  if (step.done)
    step.done();
}

} // namespace

std::vector<sg4::Link*> links_in_flight(const std::vector<sg4::ActivityPtr>& activities)
{
  std::vector<sg4::Link*> links;
  std::unordered_set<const sg4::Link*> seen;
  std::vector<sg4::Link*> route;
  for (const auto& activity : activities) {
    const auto* comm = dynamic_cast<const sg4::Comm*>(activity.get());
    if (comm == nullptr || comm->get_state() == sg4::Activity::State::FINISHED)
      continue;
    const sg4::Host* src = comm->get_source();
    const sg4::Host* dst = comm->get_destination();
    if (src == nullptr || dst == nullptr)
      return {};
    route.clear();
    find_route(src, dst, route); // a started flow has a route; none between a host and itself
    for (sg4::Link* link : route)
      if (seen.insert(link).second)
        links.push_back(link);
  }
  return links;
}

void run_steps(std::vector<Step>& steps, std::vector<sg4::Link*>* crossed)
{
  for (Step& step : steps) {
    if (step.delay > 0) {
      sg4::this_actor::sleep_for(step.delay);
      continue;
    }
    Pending pending;
    try {
      run_step(step, pending);
    } catch (const simgrid::Exception&) { // an activity failed (a link went down): stop the step's others, as the
      if (crossed != nullptr)             // job runner does (an object connection's server then drops it)
        *crossed = links_in_flight(pending.activities);
      for (auto& activity : pending.activities)
        if (activity->get_state() == sg4::Activity::State::STARTED)
          activity->cancel();
      throw;
    }
  }
}

} // namespace dcflow
