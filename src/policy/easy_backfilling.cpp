#include "policy/easy_backfilling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dcflow {

std::vector<double> host_release_times(const ClusterView& view)
{
  constexpr double never = std::numeric_limits<double>::infinity();
  const double now       = view.now();
  std::vector<double> release(view.host_count(), never); // a busy host that no running job holds: never
  for (const RunningJob& job : view.running())
    for (std::size_t h : job.hosts)
      if (h < release.size() && view.is_active(h))
        release[h] = std::max(now, job.expected_end); // this order: a NaN expected_end gives now
  for (std::size_t h = 0; h < release.size(); ++h)
    if (view.is_free(h))
      release[h] = now;
  return release;
}

std::vector<Dispatch> EasyBackfillingPolicy::schedule(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue       = view.queue();
  const std::size_t hosts = view.host_count();
  if (queue.empty() || view.free_count() == 0)
    return dispatches;

  const double now            = view.now();
  std::vector<double> release = host_release_times(view);
  std::vector<bool> free(hosts);
  for (std::size_t h = 0; h < hosts; ++h)
    free[h] = view.is_free(h);
  std::size_t free_count = view.free_count();

  bool have_reservation = false;
  double shadow         = 0;
  std::vector<bool> reserved(hosts, false);

  for (std::size_t i = 0; i < queue.size() && free_count > 0; ++i) {
    const QueuedJob& job = queue[i];
    if (job.hosts_needed < 1 || static_cast<std::size_t>(job.hosts_needed) > hosts)
      continue; // can never start: passed over, not blocking
    const auto needed     = static_cast<std::size_t>(job.hosts_needed);
    const double estimate = std::max(0.0, job.estimate); // this order: negative or NaN gives a zero-length job

    if (needed <= free_count) {
      // Before the head, and for a job that ends by the shadow time: the lowest-numbered free hosts, reserved
      // ones included (they are free again when the head needs them). Otherwise the job must fit in the extra
      // hosts, the free hosts outside the head's reservation, and gets the lowest-numbered of those.
      const bool by_shadow = !have_reservation || now + estimate <= shadow;
      std::vector<std::size_t> offer;
      for (std::size_t h = 0; h < hosts && offer.size() < needed; ++h)
        if (free[h] && (by_shadow || !reserved[h]))
          offer.push_back(h);
      if (offer.size() < needed)
        continue; // too few extra hosts: waits
      for (std::size_t h : offer) {
        free[h]    = false;
        release[h] = now + estimate; // before the head's reservation, jobs started now push its shadow time
      }
      free_count -= needed;
      dispatches.push_back(Dispatch{i, std::move(offer)});
      continue;
    }
    if (have_reservation)
      continue; // only the head reserves

    // The head: its shadow time is the needed-th earliest release; it reserves the lowest-numbered needed hosts
    // released by then (free now, or freed by a running job or a job started above by the shadow time).
    std::vector<double> sorted = release;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(needed - 1), sorted.end());
    double candidate = sorted[needed - 1];
    if (!std::isfinite(candidate))
      continue; // more hosts than will ever be free (inactive hosts): passed over like an oversized job
    shadow           = candidate;
    have_reservation = true;
    for (std::size_t h = 0, n = 0; h < hosts && n < needed; ++h)
      if (release[h] <= shadow) {
        reserved[h] = true;
        ++n;
      }
  }
  return dispatches;
}

} // namespace dcflow
