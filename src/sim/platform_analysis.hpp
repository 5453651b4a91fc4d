#pragma once
// What `dcflow analyze` measures on a platform, without simulating: hosts, links and their bandwidths,
// compute capacity, the scenario's roles, the max-flow bound between two host sets and a bisection
// estimate (src/sim/platform_graph.hpp explains both). This header is engine-free so that src/app/ can
// call it; the implementation loads the platform in this process's one SimGrid engine, so call it once.

#include "analytic/maxflow.hpp"
#include "scenario/scenario.hpp"
#include "util/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace dcflow {

struct AnalyzeRequest {
  std::string platform_file;            // as typed
  const Scenario* scenario = nullptr;   // optional: roles come from it (its platform is replaced by platform_file)
  std::string sources;                  // --sources host pattern; empty: the default (see analyze_platform)
  std::string destinations;             // --destinations host pattern; empty: the default
  std::vector<std::string> engine_args; // --cfg=... / --log=... for SimGrid
};

struct BandwidthCount {
  double bandwidth  = 0; // bytes/s
  std::size_t links = 0;
};

struct HostSet {
  std::string label; // "role 'storage'", "--sources node-[64-71]", "all hosts", ...
  std::size_t hosts = 0;
  std::string first, last; // in natural order
  double flops = 0;        // summed speed x cores
};

struct PlatformAnalysis {
  std::string platform_file;
  HostSet all;              // every host
  long cores           = 0; // summed core count
  std::size_t links    = 0; // the platform's links (SimGrid's internal __loopback__ is not counted)
  double bandwidth_min = 0, bandwidth_median = 0,
         bandwidth_max = 0;               // bytes/s; median of an even count: mean of the middle two
  std::vector<BandwidthCount> bandwidths; // each distinct bandwidth and its link count, ascending

  std::vector<HostSet> roles; // the scenario's roles, in its order (empty without a scenario)

  bool has_flow = false; // a max flow between two host sets was computed
  HostSet flow_from, flow_to;
  MaxFlowReport flow;
  std::string flow_note; // why there is no max flow, when there is a scenario but no source set

  HostSet bisection_of; // compute hosts with a scenario, else all hosts
  MaxFlowReport bisection;
};

// Loads `request.platform_file` (with the scenario: through Simulation, so the scenario is validated as
// `dcflow validate` does) and measures it. Sources: --sources, else the scenario's role 'storage', else
// its first role other than 'compute'; destinations: --destinations, else the compute role. Without a
// scenario, a missing side is every host not in the other one, and with neither pattern no max flow is
// computed. Throws InputError: platform errors point into the file, pattern errors name the option.
PlatformAnalysis analyze_platform(const AnalyzeRequest& request);

} // namespace dcflow
