#pragma once
// An object store's side of failures (README "Failures"): which of its gateway hosts are up. A stage's
// connections are spread over the live gateways only (the load balancer in front of S3-like stores stops
// routing to a gateway that fails its health checks); with none up the stage throws DataUnavailable and the
// job waits for the first gateway to return. Requests already moving through a gateway when it fails finish.
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <vector>

namespace dcflow {

class GatewayOutages : public FailureObserver {
public:
  GatewayOutages(SimContext sim, int tier);

  // Failures are simulated.
  void watch() { watching_ = true; }
  bool watching() const { return watching_; }

  // The tier's gateways that are up, in role order from `first` round the ring (all, without failures).
  std::vector<simgrid::s4u::Host*> live(std::size_t first) const;

  void host_down(const HostOutage& outage) override;
  void host_up(simgrid::s4u::Host* host) override;

private:
  SimContext sim_;
  int tier_;
  std::vector<double> back_; // per gateway: when it is back (-1: up)
  bool watching_ = false;
};

} // namespace dcflow
