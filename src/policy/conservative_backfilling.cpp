#include "policy/conservative_backfilling.hpp"
#include "policy/easy_backfilling.hpp" // host_release_times

#include <algorithm>
#include <cmath>
#include <set>

namespace dcflow {

namespace {

// A reservation of positive length on one host, [start, end). Zero-length jobs take no time, so only the
// job that starts one now holds a host for it (see taken_now); it blocks nothing later.
struct Interval {
  double start;
  double end;
};

// A host's reservations, sorted by start and pairwise disjoint, leave [s, e) free; for s == e, the instant s.
bool free_over(const std::vector<Interval>& booked, double s, double e)
{
  // Ends are sorted too: binary-search the first reservation that ends after s.
  auto it = std::partition_point(booked.begin(), booked.end(), [&](const Interval& iv) { return iv.end <= s; });
  return it == booked.end() || !(it->start < e || (s == e && it->start <= s));
}

} // namespace

// Cost: for each queued job, each candidate start time (now, running jobs' ends, earlier reservations' ends)
// scans the hosts with a binary search in each host's reservations: O(queue * (running + queue) * hosts * log).
// The earliest feasible start is always a candidate: sliding a feasible interval earlier only meets a conflict
// at the end of a busy interval (or at now).
std::vector<Dispatch> ConservativeBackfillingPolicy::schedule(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue       = view.queue();
  const std::size_t hosts = view.host_count();
  if (queue.empty() || view.free_count() == 0)
    return dispatches;

  const double now                  = view.now();
  const std::vector<double> release = host_release_times(view);
  std::vector<bool> free_now(hosts);
  for (std::size_t h = 0; h < hosts; ++h)
    free_now[h] = view.is_free(h);
  // Hosts given to a job that starts in this call: a zero-length job books no interval but still holds its host
  // for this call. `open` counts free hosts still able to start a job now: when none is left, stop.
  std::vector<bool> taken_now(hosts, false);
  std::size_t open = view.free_count();

  std::set<double> candidates{now};
  for (double r : release)
    if (std::isfinite(r))
      candidates.insert(r);
  std::vector<std::vector<Interval>> booked(hosts);
  std::vector<std::size_t> chosen;

  for (std::size_t i = 0; i < queue.size() && open > 0; ++i) {
    const QueuedJob& job = queue[i];
    if (job.hosts_needed < 1 || static_cast<std::size_t>(job.hosts_needed) > hosts)
      continue; // can never start: reserves nothing, blocks nothing
    const auto needed     = static_cast<std::size_t>(job.hosts_needed);
    const double estimate = std::max(0.0, job.estimate); // this order: negative or NaN gives a zero-length job

    bool found      = false;
    bool starts_now = false;
    double start    = now;
    for (double t : candidates) {
      // At now, first only the hosts free now and not given away in this call (the job starts); then also the
      // hosts of overdue jobs and of zero-length jobs started now, which end "just after now" (the reservation
      // lies at now but the job waits for them).
      for (int pass = 0; pass < (t == now ? 2 : 1) && !found; ++pass) {
        const bool strict = t == now && pass == 0;
        chosen.clear();
        for (std::size_t h = 0; h < hosts && chosen.size() < needed; ++h) {
          bool up = strict ? free_now[h] && !taken_now[h] : release[h] <= t;
          if (up && free_over(booked[h], t, t + estimate))
            chosen.push_back(h);
        }
        if (chosen.size() == needed) {
          found      = true;
          start      = t;
          starts_now = strict;
        }
      }
      if (found)
        break;
    }
    if (!found)
      continue; // more hosts than will ever be free (inactive hosts, or held forever): reserves nothing

    const Interval interval{start, start + estimate};
    for (std::size_t h : chosen) {
      bool was_open = free_now[h] && !taken_now[h] && free_over(booked[h], now, now);
      if (interval.end > interval.start) {
        auto& list = booked[h];
        list.insert(std::upper_bound(list.begin(), list.end(), interval,
                                     [](const Interval& a, const Interval& b) { return a.start < b.start; }),
                    interval);
      }
      if (starts_now)
        taken_now[h] = true;
      if (was_open && (taken_now[h] || !free_over(booked[h], now, now)))
        --open;
    }
    if (interval.end > interval.start && std::isfinite(interval.end))
      candidates.insert(interval.end);
    if (starts_now)
      dispatches.push_back(Dispatch{i, chosen});
  }
  return dispatches;
}

} // namespace dcflow
