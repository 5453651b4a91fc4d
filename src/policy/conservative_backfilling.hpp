#pragma once

#include "policy/policy.hpp"

namespace dcflow {

// Conservative backfilling on the central queue, for rigid multi-host jobs with runtime estimates: every
// queued job, in queue order, reserves the earliest interval [t, t + estimate) over which hosts_needed hosts
// are free given the running jobs (held until host_release_times()) and every earlier job's reservation, on
// the lowest-numbered such hosts; a job starts now exactly when its reservation starts now. No job can delay
// the reservation of any job ahead of it. Reservations are recomputed from scratch at every call.
// Unlike EASY, a job starting now takes the lowest-numbered hosts that are free over its whole interval, which
// may skip a lower free host that an earlier job has reserved for later.
// A reservation at now that starts needs hosts free now and not given to another job in this call; an overdue
// running job (estimate exceeded), like a zero-estimate job started in this call, counts as freeing its hosts
// just after now: a reservation on them lies at now but waits for that job's end (the next call, at the same
// time when the job is zero-length). A zero-estimate job blocks no later reservation. A job that needs fewer
// than 1 or more than host_count() hosts, or more hosts than will ever be free (inactive hosts), reserves
// nothing and stays queued.
class ConservativeBackfillingPolicy : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;
};

} // namespace dcflow
