#pragma once
// What SimGrid 3.32 cannot do, or does wrong, and how dcflow works around it: one place to revisit when the
// engine is upgraded. Route queries (the one use of SimGrid's kernel headers) have their own file,
// routing.cpp, for their size; the README's "How the simulation runs, and why" gives the reasons in full.

#include <simgrid/s4u.hpp>

#include <string>
#include <vector>

namespace dcflow {

// SimGrid's clock cannot resolve smaller steps (sleeps below it are rounded away with a warning): events closer
// than this are simultaneous.
constexpr double kTimeResolution = 1e-9;

// The engine's arguments with the TCP window: 3.32 caps every flow of a run at network/TCP-gamma / (2 x RTT),
// one value for all (it cannot bound one host-to-host flow), so dcflow sets it from the scenario and refuses
// a --cfg that sets it too (InputError naming that argument). `window` 0 switches the cap off.
std::vector<std::string> engine_args_with_tcp_window(const std::vector<std::string>& engine_args, double window);
// The check alone, for callers that must report it before other errors.
void refuse_user_tcp_gamma(const std::vector<std::string>& engine_args);

// Starts `flops` per thread on `threads` threads of `host`. Host::execute/exec_async run on the calling
// actor's host in 3.32 whatever host they are called on; exec_init()->set_host() does not.
simgrid::s4u::ExecPtr start_exec(simgrid::s4u::Host* host, double flops, int threads = 1);

// Caps a mailbox comm at `rate` bytes/s (0: no cap). 3.32 ignores the rate of sendto flows and keeps the rate
// of the side posted second, so both sides of a capped comm call this.
void cap_rate(const simgrid::s4u::CommPtr& comm, double rate);

// The factor the network model applies to every route's latency (network/latency-factor: LV08's 13.01 unless
// --cfg says otherwise). 3.32 offers no s4u call for it; the config is a double there (a size-dependent string
// in later versions). Valid once the engine has its platform.
double latency_factor();

// A platform parse error as SimGrid words it, mended: 3.32 says "does name a node" where it means the opposite.
std::string mend_parse_message(std::string text);

} // namespace dcflow
