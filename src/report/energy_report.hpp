#pragma once
// Energy and cost (README "Energy and cost", results.json `energy` and `cost`): joules per resource class,
// per job class and in total, derived from the records' busy and powered intervals and the platform's power
// figures; money from the scenario's `cost:` prices.
#include "report/inference_report.hpp"
#include "report/records.hpp"
#include "report/training_report.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace dcflow {

struct EnergySummary {
  bool enabled   = false; // some resource has power figures
  double total_J = 0;     // IT energy, every resource
  struct Part {
    std::string name; // gpus, pool_hosts, other_hosts, links, disks
    int count     = 0; // resources of the class with power figures
    double joules = 0;
  };
  std::vector<Part> resources; // the classes that have any resource with figures, in the order above
  struct ClassEnergy {
    std::string name;
    std::int64_t jobs = 0; // completed
    double joules     = 0; // the pool hosts it held, while it held them (shared holdings split evenly)
  };
  std::vector<ClassEnergy> classes; // every job class, in class order
  double unattributed_J = 0;        // total - classes: idle or off pool hosts, other hosts, links, disks
  double samples = 0, tokens = 0;   // training samples; training tokens + inference output tokens served
  std::int64_t completed = 0;

  // Cost, when the scenario has a `cost:` block.
  bool cost = false;
  std::string currency;
  double pue            = 1;
  double facility_kWh   = 0; // total_J in kWh x PUE: what the meter charges
  double cost_energy    = 0;
  std::vector<std::pair<std::string, double>> cost_hours; // per role priced: its price x its host-hours
  double cost_stored = 0, cost_moved = 0;
  double tb_stored = 0, tb_moved = 0;
  double cost_total = 0;
};

EnergySummary energy_summary(const RunRecords& records, const TrainingSummaries& training,
                             const InferenceSummary& inference);

// results.json's `energy` block (only when enabled) and `cost` block (only when priced).
nlohmann::json energy_json(const EnergySummary& e);
nlohmann::json cost_json(const EnergySummary& e);
// The console's energy and cost lines; empty when neither applies.
std::string energy_console(const EnergySummary& e);

} // namespace dcflow
