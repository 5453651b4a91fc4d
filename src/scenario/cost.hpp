#pragma once
// The scenario's optional `cost:` block (README "Energy and cost"): prices that turn a run's energy, powered
// hours and bytes into money. Every price defaults to 0; PUE (facility power / IT power) to 1.

#include <string>
#include <utility>
#include <vector>

namespace dcflow {

struct CostSpec {
  bool given = false;
  std::string currency = "USD"; // a label only
  double per_kWh       = 0;     // price of a kWh at the meter
  double pue           = 1;     // power usage effectiveness: the IT energy is multiplied by it
  std::vector<std::pair<std::string, double>> per_hour; // role -> price per powered host-hour (GPU-hour on GPUs)
  double per_TB_stored = 0; // per TB written to storage tiers
  double per_TB_moved  = 0; // per TB that crossed the network (each flow once, as sent on the wire)
};

} // namespace dcflow
