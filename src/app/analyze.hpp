#pragma once
// `dcflow analyze PLATFORM.xml [--scenario FILE] [--sources PATTERN] [--destinations PATTERN] [--cfg K:V ...]`:
// what a platform can carry, without simulating. Prints hosts, links, the link bandwidths (min, median,
// max and a count per distinct bandwidth), summed speed x cores; with a scenario its roles, the max-flow
// bound from the storage hosts (or --sources) to the compute hosts (or --destinations) with the links of
// the min cut, and a bisection estimate of the compute hosts; without one, the max flow between
// --sources and --destinations when either is given, and the bisection estimate of all hosts.
// Returns the exit status: 0, or 2 for bad input (InputError printed as "PLACE: error: MESSAGE").

#include <string>
#include <vector>

namespace dcflow {

struct AnalyzeOptions {
  std::string platform;                 // positional PLATFORM.xml
  std::string scenario;                 // --scenario FILE (empty: none)
  std::string sources;                  // --sources PATTERN (empty: the default)
  std::string destinations;             // --destinations PATTERN (empty: the default)
  std::vector<std::string> engine_args; // --cfg=... / --log=... for SimGrid
};

int analyze_command(const AnalyzeOptions& options);

// The report `analyze_command` prints, from an analysis (engine-free; unit-testable).
struct PlatformAnalysis;
std::string analyze_report(const PlatformAnalysis& analysis);

} // namespace dcflow
