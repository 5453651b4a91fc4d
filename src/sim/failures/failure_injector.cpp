#include "sim/failures/failure_injector.hpp"

#include "scenario/host_pattern.hpp"
#include "sim/engine_setup.hpp"
#include "sim/recorder.hpp"
#include "sim/world.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <queue>
#include <tuple>

namespace sg4 = simgrid::s4u;

namespace dcflow {

FailureInjector::FailureInjector(SimContext sim, std::vector<FailureGroup> platform_profiles) : sim_(sim)
{
  const auto& groups = sim.world.scenario().failures.groups;
  for (std::size_t g = 0; g < groups.size(); ++g)
    bind(groups[g], g);
  for (std::size_t g = 0; g < platform_profiles.size(); ++g)
    bind(platform_profiles[g], groups.size() + g);
  sim.recorder.records().failures_enabled  = any();
  sim.recorder.records().failure_resources = static_cast<int>(resources_.size());
  sim.recorder.records().disk_failures     = std::any_of(resources_.begin(), resources_.end(),
                                                         [](const Resource& r) { return r.tier >= 0; });
}

void FailureInjector::bind(const FailureGroup& group, std::size_t group_index)
{
  World& world = sim_.world;
  std::vector<sg4::Host*> hosts;
  std::vector<sg4::Link*> links;
  switch (group.target) {
  case FailureTarget::Hosts:
    if (!group.role.empty()) {
      hosts = world.role(group.role);
    } else {
      HostSelector selector;
      selector.pattern = group.pattern;
      selector.where   = group.where;
      hosts            = select_hosts(world.hosts(), selector, "failure group '" + group.name + "'");
    }
    break;
  case FailureTarget::Links: {
    std::vector<sg4::Link*> all = world.engine().get_all_links();
    std::sort(all.begin(), all.end(),
              [](const sg4::Link* a, const sg4::Link* b) { return natural_less(a->get_name(), b->get_name()); });
    std::vector<std::string> names;
    for (sg4::Link* link : all) {
      names.push_back(link->get_name());
      if (match_host_pattern(group.pattern, link->get_name()))
        links.push_back(link);
    }
    if (links.empty())
      throw InputError(group.where, "link pattern '" + group.pattern + "' of failure group '" + group.name +
                                        "' selects no link" + did_you_mean(group.pattern, names));
    break;
  }
  case FailureTarget::Disks: { // the tier's disk on each host of its role, or of those `pattern` names (tiers
                               // without disks are refused on loading)
    const StorageTier& tier = world.scenario().tiers[static_cast<std::size_t>(group.tier)];
    hosts                   = world.role(tier.role);
    if (!group.pattern.empty()) {
      HostSelector selector;
      selector.pattern = group.pattern;
      selector.where   = group.where;
      hosts = select_hosts(hosts, selector, "failure group '" + group.name + "' (the hosts of tier '" + tier.name + "')");
    }
    break;
  }
  }
  std::size_t count = hosts.size() + links.size();
  if (group.profile && count != 1)
    throw InputError(group.where, fmt::format("failure group '{}' has a state profile, which is for one resource; "
                                              "its selection names {}",
                                              group.name, count));
  for (std::size_t i = 0; i < count; ++i) {
    OutageSeries series = group.profile ? OutageSeries(*group.profile)
                                        : OutageSeries(*group.mtbf, *group.mttr,
                                                       failure_seed(world.scenario().seed, group_index, i));
    Resource r{group.target, "", nullptr, nullptr, -1, "", std::move(series), Outage{}, -1};
    if (group.target == FailureTarget::Disks) {
      const std::string& tier = world.scenario().tiers[static_cast<std::size_t>(group.tier)].name;
      r.host                  = hosts[i];
      r.tier                  = group.tier;
      sg4::Disk* disk         = world.disk(world.tier_disks(group.tier)[*world.tier_node(group.tier, hosts[i])]);
      r.name                  = hosts[i]->get_name() + ":" + disk->get_name(); // as RunRecords::disks names it
      r.what                  = fmt::format("disk {} of {} (tier '{}')", disk->get_name(), hosts[i]->get_name(), tier);
    } else if (i < hosts.size()) {
      r.host = hosts[i];
      r.name = hosts[i]->get_name();
    } else {
      r.link = links[i - hosts.size()];
      r.name = r.link->get_name();
    }
    resources_.push_back(std::move(r));
  }
}

void FailureInjector::start()
{
  if (!any())
    return;
  actor_ = sg4::Actor::create("failures", sim_.world.hosts().front(), [this] { loop(); });
}

void FailureInjector::stop()
{
  if (stopped_)
    return;
  stopped_ = true;
  for (FailureObserver* observer : observers_)
    observer->stopped();
  if (actor_ && actor_ != sg4::Actor::self())
    actor_->kill();
}

// Every resource's next change, earliest first; ties in resource order, a return before a failure.
void FailureInjector::loop()
{
  using Event = std::tuple<double, int, std::size_t>; // time, 0: up / 1: down, resource
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  for (std::size_t r = 0; r < resources_.size(); ++r) {
    resources_[r].current = resources_[r].series.next();
    if (!resources_[r].current.none())
      events.emplace(resources_[r].current.down, 1, r);
  }
  while (!events.empty() && !stopped_) {
    auto [time, down, r] = events.top();
    events.pop();
    if (time > sg4::Engine::get_clock())
      sg4::this_actor::sleep_until(time);
    if (stopped_)
      return;
    Resource& resource = resources_[r];
    if (down) {
      go_down(r);
      if (!std::isinf(resource.current.up))
        events.emplace(resource.current.up, 0, r);
    } else {
      come_up(r);
      resource.current = resource.series.next();
      if (!resource.current.none())
        events.emplace(resource.current.down, 1, r);
    }
  }
}

void FailureInjector::go_down(std::size_t r)
{
  Resource& resource = resources_[r];
  double now         = sg4::Engine::get_clock();
  auto& records      = sim_.recorder.records().failures;
  resource.record    = static_cast<int>(records.size());
  records.push_back(FailureRecord{resource.name, resource.kind, now, -1});
  if (resource.link) {
    resource.link->turn_off();
    return;
  }
  if (resource.tier >= 0) { // storage only: the tier's observer takes its disk out, the host computes on
    HostOutage outage{resource.host, now, resource.current.up, fmt::format("{} failed at {:.1f} s", resource.what, now)};
    for (FailureObserver* observer : observers_)
      observer->disk_down(resource.tier, outage);
    return;
  }
  HostOutage outage{resource.host, now, resource.current.up,
                    fmt::format("host {} failed at {:.1f} s", resource.name, now)};
  for (FailureObserver* observer : observers_)
    observer->host_down(outage);
}

void FailureInjector::come_up(std::size_t r)
{
  Resource& resource = resources_[r];
  sim_.recorder.records().failures[static_cast<std::size_t>(resource.record)].up = sg4::Engine::get_clock();
  resource.record = -1;
  if (resource.link) {
    resource.link->turn_on();
    return;
  }
  if (resource.tier >= 0) {
    for (FailureObserver* observer : observers_)
      observer->disk_up(resource.tier, resource.host);
    return;
  }
  for (FailureObserver* observer : observers_)
    observer->host_up(resource.host);
}

void FailureInjector::finish(double end)
{
  for (auto& record : sim_.recorder.records().failures)
    if (record.up < 0)
      record.up = end;
}

std::vector<const FailureInjector::Resource*> FailureInjector::links_down(const std::vector<sg4::Link*>& crossed) const
{
  std::vector<const Resource*> all, crossed_down;
  for (const auto& r : resources_)
    if (r.record >= 0 && r.link) {
      all.push_back(&r);
      if (std::find(crossed.begin(), crossed.end(), r.link) != crossed.end())
        crossed_down.push_back(&r);
    }
  return crossed_down.empty() ? all : crossed_down;
}

double FailureInjector::links_back_at() const
{
  return links_back_at({});
}

double FailureInjector::links_back_at(const std::vector<sg4::Link*>& crossed) const
{
  double back = sg4::Engine::get_clock();
  for (const Resource* r : links_down(crossed))
    back = std::max(back, r->current.up);
  return back;
}

std::string FailureInjector::cause_now() const
{
  return cause_now({});
}

std::string FailureInjector::cause_now(const std::vector<sg4::Link*>& crossed) const
{
  std::vector<std::string> down;
  for (const Resource* r : links_down(crossed))
    down.push_back(fmt::format("link {} failed at {:.1f} s", r->name,
                               sim_.recorder.records().failures[static_cast<std::size_t>(r->record)].down));
  return down.empty() ? std::string("a network failure") : join(down, "; ");
}

} // namespace dcflow
