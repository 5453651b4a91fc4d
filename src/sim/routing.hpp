#pragma once
// Route queries that give SimGrid 3.32's own answer for every zone kind, and "no route" (with the reason)
// where SimGrid would throw, abort or crash instead. This file and routing.cpp are the only users of
// SimGrid's kernel headers.
//
// A query first walks the zone hierarchy exactly as NetZoneImpl::get_global_route does (bypass routes, then the
// common ancestor's local route, then the gateways' routes recursively), and checks, before each local
// lookup, the cases 3.32 cannot answer safely; where none arises, Host::route_to gives the answer:
//   - a zone with routing="None" between two of its members: SimGrid dies ("No routing no graph");
//   - a Dijkstra zone asked about a member that no route of the zone names: SimGrid dereferences null;
//   - a Full zone without the route: SimGrid returns nothing (base level) or throws "Bad gateways";
//   - Floyd and Dijkstra zones without the route: SimGrid throws std::invalid_argument.
// A route with latency but no link (a Vivaldi zone) is a route.
//
// Every query needs a sealed platform (Engine::seal_platform): before sealing, 3.32 answers from routing
// tables that are not built yet (Floyd says "no route", Dijkstra aborts, Full crashes).

#include <simgrid/s4u.hpp>

#include <string>
#include <vector>

namespace dcflow {

// Call before Engine::load_platform: records the members named by each zone's routes (a Dijkstra zone
// knows only those). Idempotent.
void watch_route_declarations();

// The route src -> dst: its links in order and its latency (seconds), as SimGrid's Host::route_to gives
// them. Returns false when there is none (a host paired with itself has none here); `why`, when given,
// then says which zone lacks it. Requires a sealed platform.
bool find_route(const simgrid::s4u::Host* src, const simgrid::s4u::Host* dst, std::vector<simgrid::s4u::Link*>& links,
                double* latency = nullptr, std::string* why = nullptr);

} // namespace dcflow
