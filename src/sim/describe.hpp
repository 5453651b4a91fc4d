#pragma once
// What the bound world says about itself: the text `dcflow validate` prints, and the document model's inputs
// derived from platform and scenario (README "The document's model, derived from platform and scenario").

#include "analytic/model.hpp"
#include "report/records.hpp"
#include "sim/world.hpp"

#include <string>

namespace dcflow {

// Hosts by role, tiers, transfer settings, workload and policy.
std::string describe_world(const World& world, const RunRecords& records);

// M, v_transfer, C_storage, C_compute, S_sched and the pipeline's inputs, as derived from `world`.
AnalyticInputs analytic_inputs(const World& world, const RunRecords& records);

} // namespace dcflow
