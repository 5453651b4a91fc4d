#pragma once

#include "policy/policy.hpp"

#include <cstdint>
#include <vector>

namespace dcflow {

// Conservative backfilling on the central queue, for rigid multi-host jobs with runtime estimates: every
// queued job, in queue order, reserves the earliest interval [t, t + estimate) over which hosts_needed hosts
// are free given the running jobs (held until host_release_times()) and every earlier job's reservation, on
// the lowest-numbered such hosts; a job starts now exactly when its reservation starts now. No job can delay
// the reservation of any job ahead of it.
// A job starting now takes the lowest-numbered hosts that are free over its whole interval, which may skip a lower
// free host that an earlier job has reserved for later (EASY skips only the head's reserved hosts, and only for a job
// ending after the shadow time).
// A reservation at now that starts needs hosts free now and not given to another job in this call; an overdue
// running job (estimate exceeded), like a zero-estimate job started in this call, counts as freeing its hosts
// just after now: a reservation on them lies at now but waits for that job's end (the next call, at the same
// time when the job is zero-length). A zero-estimate job blocks no later reservation. A job that needs fewer
// than 1 or more than host_count() hosts, or more hosts than will ever be free (inactive hosts), reserves
// nothing and stays queued.
//
// The decisions depend only on now(), host_release_times(), is_free() and the queue. The policy keeps the
// schedule between calls (an availability profile: a time-sorted step function of the set of free hosts) and
// compares what it sees with what it planned: jobs ending at their expected end and new arrivals (placed after
// everyone else) change no reservation, so only the reservations due now are started and the arrivals placed.
// Anything else replans as a recomputation from scratch would: from scratch when some host's release time is
// not the planned one (a job ending before its estimate, a host switched on or off; also the first call, or a
// clock going back); from the first difference when the queue is not the planned one minus the started jobs
// plus arrivals; from a reservation due now (or gone by) that cannot start on its hosts (one still held by a job
// due now or overdue, or given to a zero-length job in this call), since the reference may then start it on
// other hosts, or later. Times are compared exactly: a job ending even 1e-12 s early rebuilds (counting it as
// on time would leave later reservations aligned on the old end, waiting for a call that never comes); the
// engine ends compute-only jobs exactly at start + estimate, so this costs nothing on exact-estimate traces.
class ConservativeBackfillingPolicy : public SchedulingPolicy {
public:
  // Incremental: the above. Reference: the original from-scratch recomputation at every call (per-host
  // reservation lists, every candidate start time), O(queue * (running + queue) * hosts * log) per call; kept as
  // the specification the incremental schedule is tested against.
  enum class Mode { Incremental, Reference };

  explicit ConservativeBackfillingPolicy(Mode mode = Mode::Incremental);
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override;

  // How the incremental schedule kept up (for tests and tuning).
  struct Stats {
    std::uint64_t calls      = 0; // schedule() calls that looked at the queue
    std::uint64_t rebuilds   = 0; // replans from scratch: first call, host release times moved, clock went back
    std::uint64_t replans    = 0; // partial replans from some queue position (due job on a busy host, queue edit)
    std::uint64_t placements = 0; // jobs placed in the profile (each arrival once, plus every job replanned)
  };
  const Stats& stats() const { return stats_; }

private:
  using Mask = std::vector<std::uint64_t>;
  // One queued job's reservation; booked only when placed and of positive length.
  struct Entry {
    std::int64_t id  = 0;
    int hosts_needed = 0;
    double estimate  = 0; // as queued (compared bitwise to detect edits)
    bool placed      = false;
    double start     = 0;
    double end       = 0;
    std::vector<std::size_t> hosts;
  };
  std::vector<Dispatch> schedule_reference(const ClusterView& view) const;
  std::vector<Dispatch> schedule_incremental(const ClusterView& view);

  void rebuild(const ClusterView& view, const std::vector<double>& release);
  std::size_t split(double t);
  std::uint64_t* free_hosts(std::size_t step) { return bits_.data() + step * words_; }
  void advance(double now);
  void occupy(const std::vector<std::size_t>& hosts, double start, double end);
  void vacate(const std::vector<std::size_t>& hosts, double start, double end);
  // Places job (queue position i) after every reservation in the profile; a start now is appended to out.
  Entry place(const QueuedJob& job, std::size_t i, std::vector<Dispatch>& out);
  void unbook(const Entry& e);
  // Steps of schedule_incremental: the profile brought to now (rebuilt when a host is not released as planned),
  // the plan kept only as far as the queue matches it, the reservations due now started, the started jobs
  // dropped from the plan.
  void catch_up(const ClusterView& view, const std::vector<double>& release);
  void keep_planned_prefix(const std::deque<QueuedJob>& queue);
  std::vector<bool> start_due(double now, std::vector<Dispatch>& out);
  void forget_started(const std::vector<bool>& started, double now);
  // Unbooks the entries from `first` on and forgets them.
  void unplan_from(std::size_t first);

  Mode mode_;
  Stats stats_;
  bool valid_        = false;
  std::size_t hosts_ = 0;
  std::size_t words_ = 0;
  double now_        = 0;
  // The profile: step k holds the hosts free over [times_[k], times_[k + 1]) (the last one for ever), as a mask
  // of words_ words at bits_[k * words_], counts_[k] of them. times_[0] is the time of the last call.
  std::vector<double> times_;
  std::vector<std::size_t> counts_;
  std::vector<std::uint64_t> bits_;
  std::vector<double> until_;  // per host: the profile holds it for running jobs until then (inf: inactive)
  std::vector<Entry> entries_; // the queue as planned, in order
  Mask startable_;             // this call: free now and not given to a job starting now
};

} // namespace dcflow
