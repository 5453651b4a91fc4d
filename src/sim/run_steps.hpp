#pragma once
// Runs a sequence of Steps in the calling actor, one after the other: the smallest runner of what stage
// executors and collectives (collectives.hpp) plan, for actors that run one thing at a time (a training
// iteration's collective, a test). The job runner (job_runner.cpp) runs several stages' steps at once instead.

#include "sim/stage_run.hpp"

#include <simgrid/s4u.hpp>

#include <vector>

namespace dcflow {

// Runs `steps` in order: a delay step sleeps; an activity step starts its activities and waits until as many
// have ended as its `start` returned (Step::ended decides for tagged ones, as in the job runner), then calls
// Step::done. Untagged activities are waited in turn rather than with wait_any, so a step of n flows costs
// O(n), not O(n^2). A failed activity (a link down, DataUnavailable from a step's start) cancels the step's other
// activities and throws on, after putting in `crossed` (when given) the links its comms in flight cross
// (links_in_flight): the links a failure of these flows can be blamed on (FailureInjector::cause_now).
void run_steps(std::vector<Step>& steps, std::vector<simgrid::s4u::Link*>* crossed = nullptr);

// The links of the routes of the comms among `activities` that have not finished (a failed one among them), each
// once, in order of first appearance; empty if a comm's ends are unknown (a mailbox comm not yet matched), so
// that a failure is then blamed on every link down. A run with failures makes every wire flow a sendto flow
// (forbid_mailbox_wires), whose ends are known from its start; a storage tier's mailbox comm knows its ends once
// both sides are posted.
std::vector<simgrid::s4u::Link*> links_in_flight(const std::vector<simgrid::s4u::ActivityPtr>& activities);

} // namespace dcflow
