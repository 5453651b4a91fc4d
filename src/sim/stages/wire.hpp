#pragma once
// Bytes on the wire between two hosts with a stage's transfer settings: shared by transfer stages and by
// cache fills that ship a miss from its backing tier.

#include "scenario/transfer_settings.hpp"
#include "sim/stage_run.hpp"

namespace dcflow {

// The bytes that cross the network for `amount` bytes of payload: compressed when the settings compress,
// plus the protocol's overhead (1 / efficiency).
double wire_bytes(double amount, const TransferSettings& settings);

// Starts the flows moving `bytes` from `src` to `dst` (M pipes of bytes / M each; TCP's window is SimGrid's
// network/TCP-gamma, set once per run) and the protocol's CPU work on both ends while they flow. Returns how
// many activities it started. The flows are Comm::sendto flows, or, when thousands are in flight and the
// calling actor is on `src` or `dst`, mailbox comms whose other side the other host's wire server posts
// (wire.cpp says why); the simulated result is the same (ctest `golden (mailbox flows): …`).
int start_wire(ActivitySink& sink, simgrid::s4u::Host* src, simgrid::s4u::Host* dst, double bytes,
               const TransferSettings& settings);

// Every wire flow of the run a sendto flow, whatever is in flight (and whatever DCFLOW_WIRE_FLOWS says): for
// runs with failures, where a job's actor may be killed mid-flow and a mailbox flow's other end would be left
// waiting on it (a sendto flow has no other end).
void forbid_mailbox_wires();

// After Engine::run: the wire servers (daemons, killed at the end of the run) release what they held while the
// engine still exists.
void release_wire_servers();

// The steps of moving `amount` bytes of payload from `src` to `dst` (different hosts) with `settings`:
// connection set-up (a delay), compression on the sender's cores, the flows, decompression on the receiver's
// cores; `run.record` names the route and the wire bytes and times. A transfer stage's plan, and a request's
// ingest (sim/inference).
void plan_transfer(simgrid::s4u::Host* src, simgrid::s4u::Host* dst, int route, double amount,
                   const TransferSettings& settings, StageRun& run);

} // namespace dcflow
