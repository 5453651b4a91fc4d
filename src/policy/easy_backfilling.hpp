#pragma once

#include "policy/policy.hpp"

#include <vector>

namespace dcflow {

// When each host can next take a job, as backfilling plans it at view.now(): now() for a free host;
// max(expected_end, now()) for a host held by a running job, so an overdue job (estimate exceeded) counts as
// freeing its hosts at now(); +infinity for an inactive host, since nothing says when it will come back.
// Shared by both backfilling policies so that they agree on what "free at time t" means.
std::vector<double> host_release_times(const ClusterView& view);

// EASY backfilling on the central queue, for rigid multi-host jobs with runtime estimates:
//  - Jobs start in queue order while they fit, each on the lowest-numbered free hosts.
//  - The first job that does not fit (the head) reserves specific hosts: with host_release_times(), its shadow
//    time is the earliest time at which hosts_needed hosts are free (running jobs' expected ends, plus the
//    estimates of jobs started in this same call), and its reservation is the lowest-numbered hosts_needed hosts
//    free at the shadow time.
//  - Every later job that fits now is offered the lowest-numbered free hosts and starts on them if it ends by
//    the shadow time (now + estimate <= shadow) or if none of those hosts is reserved. Only the head reserves:
//    later queued jobs may be delayed by backfilled ones.
// Because a backfilled job is only ever offered the lowest-numbered free hosts, a long job whose lowest free
// hosts include a reserved one waits, even when enough unreserved free hosts exist higher up (allocations
// always take the lowest-numbered free hosts, so we never pick others to make it fit).
// Overdue running jobs free their hosts "at now": the shadow time can then be now although the head cannot
// start yet; until the overdue job really ends only zero-estimate jobs or jobs that avoid the reserved hosts
// backfill. A job that needs fewer than 1 or more than host_count() hosts, or more hosts than will ever be free
// (inactive hosts), is passed over: it neither starts nor reserves, and stays queued.
class EasyBackfillingPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
