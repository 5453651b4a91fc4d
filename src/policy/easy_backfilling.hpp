#pragma once

#include "policy/policy.hpp"

#include <vector>

namespace dcflow {

// When each host can next take a job, as backfilling plans it at view.now(): now() for a free host;
// max(expected_end, now()) for a host held by a running job, so an overdue job (estimate exceeded) counts as
// freeing its hosts at now(); +infinity for an inactive host, since nothing says when it will come back.
// Shared by both backfilling policies so that they agree on what "free at time t" means.
std::vector<double> host_release_times(const ClusterView& view);

// EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001) on the central queue, for rigid multi-host jobs with
// runtime estimates. Contract: jobs start in queue order while they fit; the first that does not (the head)
// reserves hosts; each later job that fits in the free hosts starts if it ends by the head's shadow time (on the
// lowest-numbered free hosts) or else if it fits in the free hosts outside the reservation (on the lowest of those).
// Details:
//  - The reservation: with host_release_times(), the shadow time is the earliest time at which hosts_needed hosts
//    are free (running jobs' expected ends, plus the estimates of jobs started in this same call before the
//    head), and the reserved hosts are the lowest-numbered hosts_needed hosts whose release time is at most the
//    shadow time.
//  - A job that ends by the shadow time (now + estimate <= shadow) may take reserved hosts: it gives them back
//    before the head needs them. Every started job's hosts leave the free set, so later candidates see fewer
//    free hosts and fewer extra (free, unreserved) hosts. Only the head reserves: later queued jobs may be
//    delayed by backfilled ones.
// Overdue running jobs free their hosts "at now": the shadow time can then be now although the head cannot
// start yet; until the overdue job really ends only zero-estimate jobs or jobs that fit in the extra hosts
// backfill. A job that needs fewer than 1 or more than host_count() hosts, or more hosts than will ever be free
// (inactive hosts), is passed over: it neither starts nor reserves, and stays queued.
class EasyBackfillingPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
