#pragma once
// What a host's (or a storage tier's disk's) failure or return means to one part of the simulation (README "Failures"). The cluster is one
// observer (jobs on the host are re-queued or restarted, the host leaves the dispatcher's active set); a storage
// tier that loses or regains a node can be another, in a file of its own, registered with
// FailureInjector::add_observer.

#include <simgrid/s4u.hpp>

#include <string>

namespace dcflow {

// A host (or one of its disks) that went down at `down` and will be back at `up`; `cause` is the text a job it
// ends gives ("host node-3 failed at 1234.5 s", "disk ssd of node-3 (tier 'scratch') failed at 10.0 s").
struct HostOutage {
  simgrid::s4u::Host* host = nullptr;
  double down              = 0;
  double up                = 0;
  std::string cause;
};

class FailureObserver {
public:
  virtual ~FailureObserver() = default;
  // Called in the injector's actor at the outage's start, then at its end.
  virtual void host_down(const HostOutage& outage) = 0;
  virtual void host_up(simgrid::s4u::Host* host)   = 0;
  // The disk of storage tier `tier` on `outage.host` fails, then is back (a `tier:` failure group): storage
  // only, the host keeps computing. By default nothing: only the tier's own observer cares.
  virtual void disk_down(int /*tier*/, const HostOutage& /*outage*/) {}
  virtual void disk_up(int /*tier*/, simgrid::s4u::Host* /*host*/) {}
  // The last job has ended: no more outages come; actors the observer started (timers, copies) must end.
  virtual void stopped() {}
};

} // namespace dcflow
