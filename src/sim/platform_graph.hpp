#pragma once
// The platform's max-flow bound: the capacity graph of the routes SimGrid actually uses between two host
// sets, solved with Boost.Graph (src/analytic/maxflow.hpp). SimGrid side: include only from src/sim/.
//
// The graph. Each link on a route becomes a node pair in -> out whose edge carries the link's bandwidth,
// so a link's capacity is shared by every route through it; consecutive links of a route are joined
// out -> in by unbounded edges; each source host joins (unbounded) the first link of each of its routes,
// and the last link of a route joins its destination host. Sources and destinations get separate nodes,
// so a host in both sets is no shortcut. Bandwidths are nominal (LV08 gives 0.97 of a link to payload, and
// charges 1.05 on shared links); a FATPIPE link limits each flow, not their sum, so it is unbounded here.
//
// What the bound means. Routes are fixed and single-path in SimGrid; the max flow lets the sources send
// any mix of traffic to any destinations over those routes. Where two routes share a link the graph also
// joins them there, so flow may splice the first half of one route onto the second half of another: the
// result is an upper bound on the aggregate rate from the sources to the destinations under the
// platform's fixed routing, and the saturated links of the min cut are where that rate is capped.
//
// Scale. All source x destination routes are examined when there are at most kMaxFlowPairBudget pairs.
// Beyond that a deterministic sample is: each source to destinations at a fixed stride starting from its
// own index, and each destination from sources likewise, together within the budget. A sample drops
// routes, so on its own it can only lower the bound; the report says when it was sampled.

#include "analytic/maxflow.hpp"

#include <simgrid/s4u.hpp>

#include <cstddef>
#include <vector>

namespace dcflow {

constexpr std::size_t kMaxFlowPairBudget = 200000;

// The (source index, destination index) pairs examined for sources x destinations: all of them when
// their count is within `budget`, else the deterministic sample described above. Sorted, no duplicates;
// a pair naming the same host twice is left out by the caller (it has no route).
std::vector<std::pair<std::size_t, std::size_t>> sample_pairs(std::size_t sources, std::size_t destinations,
                                                              std::size_t budget = kMaxFlowPairBudget);

// The max-flow bound from `sources` to `destinations` over their routes, in bytes/s, with the routes
// used, whether they were sampled, and the links of the min cut closest to the sources.
MaxFlowReport maxflow_between(const std::vector<simgrid::s4u::Host*>& sources,
                              const std::vector<simgrid::s4u::Host*>& destinations);

// Bisection-bandwidth estimate, bytes/s: the max flow from the first half of `hosts` (in the order given;
// dcflow passes natural order) to the second half, over their routes (sampled as above). One direction, one
// split: an estimate for the platform's fixed routing, not the minimum over all balanced cuts. 0 for
// fewer than two hosts. `report`, when given, receives the details.
double bisection_bandwidth(const std::vector<simgrid::s4u::Host*>& hosts, MaxFlowReport* report = nullptr);

} // namespace dcflow
