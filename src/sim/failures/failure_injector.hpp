#pragma once
// Applies the failures of a run (README "Failures"): the scenario's failure groups and the state profiles of the
// platform's own XML, bound to the platform's hosts and links, each resource's outages drawn by its
// OutageSeries (scenario/failures.hpp). One actor walks every resource's outages in time order:
//   a host: the observers are told (the cluster re-queues the jobs on it, a training job restarts from its
//           checkpoint); dcflow stops the work itself rather than switching the SimGrid host off, because an
//           actor SimGrid kills leaves its helpers waiting;
//   a link: switched off in SimGrid (Link::turn_off): flows crossing it fail with NetworkFailureException,
//           which the job runner turns into a re-queue once the down links its flows cross are back, naming
//           them as the cause (cause_now, links_back_at restricted to those links); a training job restarts
//           from its checkpoint, and an inference replica loads its weights again, once the down links of the
//           failed flows' routes are back (run_steps notes them);
//   a disk: a storage tier's disk on one host (SimGrid 3.32 has no Disk::turn_off): the observers are told
//           (disk_down/disk_up); the tier stops using that disk, the host keeps computing.
// The actor is stopped when the cluster's last job has ended, so failures never prolong a run.

#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <simgrid/s4u.hpp>

#include <string>
#include <vector>

namespace dcflow {

class FailureInjector {
public:
  // Binds the scenario's failure groups and `platform_profiles` (from the platform XML) to the platform:
  // a name or pattern that selects nothing, or a profile group that selects more than one resource, is an
  // InputError at its place.
  FailureInjector(SimContext sim, std::vector<FailureGroup> platform_profiles);

  bool any() const { return !resources_.empty(); }
  void add_observer(FailureObserver* observer) { observers_.push_back(observer); }
  // Before Engine::run: creates the actor that applies the outages.
  void start();
  // The last job has ended: outages from now on are not applied.
  void stop();
  // After Engine::run: outages still open end at `end`.
  void finish(double end);
  // Why an activity failed now: the links that are down ("link spine-1 failed at 12.5 s").
  std::string cause_now() const;
  // When every link down now is back (now if none; infinity if one never returns).
  double links_back_at() const;
  // The same for a job whose flows in flight cross `crossed` (the links of their routes, a split-duplex link's
  // halves as the routes name them): only the links down now among `crossed`, since SimGrid fails exactly the
  // flows that cross a link switched off. None of them down (the failure came from a flow outside that set, or
  // `crossed` is empty because the flows could not be told): every link down now, as the overloads above.
  std::string cause_now(const std::vector<simgrid::s4u::Link*>& crossed) const;
  double links_back_at(const std::vector<simgrid::s4u::Link*>& crossed) const;

private:
  struct Resource {
    FailureTarget kind;
    std::string name;
    simgrid::s4u::Host* host = nullptr;
    simgrid::s4u::Link* link = nullptr;
    int tier                 = -1; // a disk: its storage tier (`host` is the disk's host)
    std::string what;              // a disk: "disk ssd of node-3 (tier 'scratch')"
    OutageSeries series;
    Outage current;
    int record = -1; // its open FailureRecord while down
  };
  void bind(const FailureGroup& group, std::size_t group_index);
  // The links down now that `crossed` holds, in resource order; every link down now if it holds none of them.
  std::vector<const Resource*> links_down(const std::vector<simgrid::s4u::Link*>& crossed) const;
  void loop();
  void go_down(std::size_t r);
  void come_up(std::size_t r);

  SimContext sim_;
  std::vector<Resource> resources_;
  std::vector<FailureObserver*> observers_;
  simgrid::s4u::ActorPtr actor_;
  bool stopped_ = false;
};

} // namespace dcflow
