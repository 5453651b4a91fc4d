#pragma once
// A data-parallel training job (scenario/training.hpp) on its k GPUs: the trainer, in the job's actor, runs the
// iterations; each GPU's batches come from loader actors (one per batch being loaded, on the GPU's node);
// collectives and checkpoint shards run in short-lived actors of their own, so no actor's list of activities
// grows with the run (DESIGN.md: SimGrid 3.32 scans it on every completion).
#include "sim/failures/failure_observer.hpp"
#include "sim/stage_executor.hpp"

#include <string>
#include <vector>

namespace dcflow {

class FailureInjector;

// Runs `job` (a training class's) on `gpus` to its last iteration and its last checkpoint; appends its
// TrainingRecord and its activities to the recorder. `pending` (may be null) receives the failures of its hosts,
// after each of which it restarts from its last completed checkpoint; so it does after one of its flows fails
// (a link down: `failures`, may be null, says why and until when) or its data is unavailable. Returns why it
// stopped short (a failed host or link that never comes back), or "".
std::string run_training(SimContext sim, const JobSpec& job, const std::vector<simgrid::s4u::Host*>& gpus,
                         std::vector<HostOutage>* pending = nullptr, const FailureInjector* failures = nullptr);

} // namespace dcflow
