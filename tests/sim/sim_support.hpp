#pragma once
// Runs one scenario (YAML text) in this process and returns its records. One per process: SimGrid's
// engine cannot be rebuilt, so each TEST_CASE here runs in its own process (catch_discover_tests).

#include "report/results.hpp"
#include "scenario/loader.hpp"
#include "sim/simulation.hpp"
#include "jobs/generator.hpp"

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace dcflow::test {

// Extra engine arguments from DCFLOW_CFG (the sanitizer build sets contexts/factory:thread there).
inline std::vector<std::string> engine_args()
{
  std::vector<std::string> args;
  if (const char* cfg = std::getenv("DCFLOW_CFG")) {
    std::istringstream split(cfg);
    std::string item;
    while (split >> item)
      args.push_back("--cfg=" + item);
  }
  return args;
}

struct Run {
  Scenario scenario;
  RunRecords records;
  Results results;
  AnalyticResult analytic;
};

inline Run simulate_file(const std::string& file)
{
  Run run;
  run.scenario = load_scenario(file);
  Simulation simulation(run.scenario, engine_args());
  run.analytic = evaluate_model(simulation.analytic_inputs());
  run.records  = simulation.run(generate_jobs(run.scenario));
  run.results  = compute_results(run.records, run.scenario.timeseries_bins);
  return run;
}

// SimGrid's LV08 factors off: a flow of S bytes on a route of latency L and bandwidth B takes exactly L + S / B
// (the closed form most simulation tests derive their times from).
inline const std::vector<std::string> kExact{"network/latency-factor:1", "network/bandwidth-factor:1",
                                             "network/crosstraffic:0"};

// `yaml` refers to platforms in tests/platforms/ by their bare file name; `cfg` adds --cfg=... arguments.
inline Run simulate(const std::string& yaml, const std::vector<std::string>& cfg = {})
{
  Run run;
  run.scenario = load_scenario_text(yaml, "test.yaml", {}, DCFLOW_TEST_DIR "/platforms");
  auto args    = engine_args();
  for (const auto& c : cfg)
    args.push_back("--cfg=" + c);
  Simulation simulation(run.scenario, args);
  run.analytic = evaluate_model(simulation.analytic_inputs());
  run.records  = simulation.run(generate_jobs(run.scenario));
  run.results  = compute_results(run.records, run.scenario.timeseries_bins);
  return run;
}

} // namespace dcflow::test
