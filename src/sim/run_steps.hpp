#pragma once
// Runs a sequence of Steps in the calling actor, one after the other: the smallest runner of what stage
// executors and collectives (collectives.hpp) plan, for actors that run one thing at a time (a training
// iteration's collective, a test). The job runner (job_runner.cpp) runs several stages' steps at once instead.

#include "sim/stage_run.hpp"

#include <vector>

namespace dcflow {

// Runs `steps` in order: a delay step sleeps; an activity step starts its activities and waits until as many
// have ended as its `start` returned (Step::ended decides for tagged ones, as in the job runner), then calls
// Step::done. Untagged activities are waited in turn rather than with wait_any, so a step of n flows costs
// O(n), not O(n^2). A failed activity (a link down, DataUnavailable from a step's start) cancels the step's other
// activities and throws on.
void run_steps(std::vector<Step>& steps);

} // namespace dcflow
