// Results from RunRecords: statistics, throughput, efficiency, utilisation and the time series.
#include "report/results.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace dcflow {
namespace {

// Bounded slowdown threshold (Feitelson): runtimes under 10 s count as 10 s, so tiny jobs do not dominate.
constexpr double kSlowdownBound = 10.0;

// Spreads `amount`, delivered at a constant rate over [start, end], into bins of `width` from 0.
void spread(std::vector<double>& bins, double width, double start, double end, double amount)
{
  if (bins.empty() || amount == 0)
    return;
  auto last = static_cast<double>(bins.size() - 1);
  if (end <= start) {
    bins[static_cast<std::size_t>(std::clamp(std::floor(start / width), 0.0, last))] += amount;
    return;
  }
  double rate  = amount / (end - start);
  auto first_b = static_cast<std::size_t>(std::clamp(std::floor(start / width), 0.0, last));
  auto last_b  = static_cast<std::size_t>(std::clamp(std::floor(end / width), 0.0, last));
  for (std::size_t b = first_b; b <= last_b; ++b) {
    double lo = std::max(start, static_cast<double>(b) * width);
    double hi = b == bins.size() - 1 ? end : std::min(end, static_cast<double>(b + 1) * width);
    if (hi > lo)
      bins[b] += rate * (hi - lo);
  }
}

} // namespace

Stats summarize(std::vector<double> values)
{
  Stats s;
  if (values.empty())
    return s;
  std::sort(values.begin(), values.end());
  auto rank = [&](double q) {
    auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(k, 1, values.size()) - 1];
  };
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.p50  = rank(0.50);
  s.p95  = rank(0.95);
  s.p99  = rank(0.99);
  s.max  = values.back();
  return s;
}

Results compute_results(const RunRecords& records, int timeseries_bins)
{
  Results r;
  const double T     = records.simulated_time;
  r.simulated_time_s = T;

  std::vector<double> waits;
  std::vector<double> turnarounds;
  std::vector<double> slowdowns;
  double input_bytes     = 0;
  double allocated_hosts = 0; // host-seconds
  for (const auto& job : records.jobs) {
    ++r.submitted;
    if (job.status == JobStatus::Failed)
      ++r.failed;
    if (job.status == JobStatus::NotStarted)
      ++r.not_started;
    if (job.start >= 0)
      allocated_hosts += ((job.end >= 0 ? job.end : T) - job.start) * static_cast<double>(job.hosts.size());
    if (job.status != JobStatus::Completed)
      continue;
    ++r.completed;
    double runtime = job.end - job.start;
    waits.push_back(job.start - job.submit);
    turnarounds.push_back(job.end - job.submit);
    slowdowns.push_back((job.end - job.submit) / std::max(runtime, kSlowdownBound));
    input_bytes += job.bytes;
  }
  // slowdown of a job that waited nothing and ran < 10 s is below 1; bound it at 1 as usual
  for (double& s : slowdowns)
    s = std::max(1.0, s);
  r.wait           = summarize(waits);
  r.turnaround     = summarize(turnarounds);
  r.slowdown       = summarize(slowdowns);
  r.throughput_Bps = T > 0 ? input_bytes / T : 0;

  // Per stage kind totals.
  const StageKind kinds[] = {StageKind::Read, StageKind::Transfer, StageKind::Compute, StageKind::Write};
  for (StageKind kind : kinds) {
    StageTotal total;
    total.kind = to_string(kind);
    total.unit = kind == StageKind::Compute ? "flops" : "bytes";
    for (const auto& a : records.activities)
      if (a.kind == kind) {
        total.total += a.amount;
        total.count += 1;
      }
    total.per_s = T > 0 ? total.total / T : 0;
    r.stages.push_back(total);
  }

  // Per storage tier.
  for (const auto& [name, kind] : records.tiers) {
    Results::TierTotal tier;
    tier.name = name;
    tier.kind = to_string(kind);
    r.tiers.push_back(tier);
  }
  for (const auto& d : records.disks)
    if (d.tier >= 0 && static_cast<std::size_t>(d.tier) < r.tiers.size())
      ++r.tiers[d.tier].disks;
  for (const auto& c : records.caches)
    for (auto& tier : r.tiers)
      if (tier.name == c.tier) {
        tier.hits      = c.hits;
        tier.misses    = c.misses;
        tier.evictions = c.evictions;
        tier.bypassed  = c.bypassed;
      }
  for (const auto& a : records.activities) {
    if (a.kind != StageKind::Read && a.kind != StageKind::Write)
      continue;
    int t = a.tier;
    if (t < 0 || static_cast<std::size_t>(t) >= r.tiers.size())
      continue;
    auto& tier = r.tiers[t];
    if (a.kind == StageKind::Read) {
      tier.bytes_read += a.amount;
      tier.reads += 1;
      tier.read_requests += a.requests;
      tier.local_bytes_read += a.local_bytes;
      tier.read_seconds += a.end - a.start;
    } else {
      tier.bytes_written += a.amount;
      tier.writes += 1;
      tier.write_requests += a.requests;
      tier.write_seconds += a.end - a.start;
    }
  }

  // Utilisation, overall and per time bin.
  int nbins    = std::max(1, timeseries_bins);
  double width = T > 0 ? T / nbins : 1.0;
  std::vector<double> compute_bins(nbins, 0.0);
  std::vector<double> storage_bins(nbins, 0.0);
  std::map<int, std::vector<double>> link_bins; // only links that carried traffic, ordered by index
  std::vector<double> link_bytes(records.links.size(), 0.0);
  double pool_peak = 0;
  for (const auto& h : records.pool)
    pool_peak += h.peak_flops;
  double flops_total = 0;
  double disk_time   = 0; // seconds of full-speed disk work
  // Bytes that crossed the network, on every link of their route.
  auto account_wire = [&](const ActivityRecord& a) {
    if (a.resource < 0)
      return;
    for (int link : records.routes[a.resource]) {
      link_bytes[link] += a.wire_bytes;
      auto& bins = link_bins[link];
      if (bins.empty())
        bins.assign(nbins, 0.0);
      spread(bins, width, a.wire_start, a.wire_end, a.wire_bytes);
    }
  };
  auto account = [&](const ActivityRecord& a) {
    switch (a.kind) {
    case StageKind::Compute:
      flops_total += a.amount;
      spread(compute_bins, width, a.start, a.end, a.amount);
      break;
    case StageKind::Read:
    case StageKind::Write: {
      if (a.resource < 0)
        break; // object and dfs tiers: their disk and network work is in side_work
      const DiskInfo& disk = records.disks[a.resource];
      double bw            = a.kind == StageKind::Read ? disk.read_bandwidth : disk.write_bandwidth;
      disk_time += a.amount / bw;
      spread(storage_bins, width, a.start, a.end, a.amount / bw);
      break;
    }
    case StageKind::Transfer:
      account_wire(a);
      break;
    }
  };
  for (const auto& a : records.activities)
    account(a);
  for (const auto& a : records.side_work)
    account(a);
  double n_disks = static_cast<double>(records.disks.size());
  r.util_compute = (T > 0 && pool_peak > 0) ? flops_total / (pool_peak * T) : 0;
  r.util_storage = (T > 0 && n_disks > 0) ? disk_time / (n_disks * T) : 0;
  int busiest    = -1;
  for (const auto& [link, bins] : link_bins) {
    auto l   = static_cast<std::size_t>(link);
    double u = T > 0 ? link_bytes[l] / (records.links[l].bandwidth * T) : 0;
    r.util_network_mean += u;
    if (u > r.util_network) {
      r.util_network = u;
      r.busiest_link = records.links[l].name;
      busiest        = link;
    }
  }
  r.links_used = static_cast<int>(link_bins.size());
  if (r.links_used > 0)
    r.util_network_mean /= r.links_used;
  r.efficiency_compute = r.util_compute;
  double pool_size     = static_cast<double>(records.pool.size());
  // Powered host-seconds (booting included: a booting host costs as much as an idle one). Without power
  // records every pool host was on for the whole run.
  double powered = pool_size * T;
  if (!records.power.empty()) {
    powered = 0;
    for (const auto& p : records.power)
      powered += p.off - p.on;
  }
  r.host_hours            = powered / 3600.0;
  r.scale_out_events      = records.scale_out_events;
  r.scale_in_events       = records.scale_in_events;
  r.pool_size             = static_cast<std::int64_t>(records.pool.size());
  r.efficiency_scheduling = powered > 0 ? allocated_hosts / powered : 0;

  struct Candidate {
    const char* name;
    double value;
  };
  Candidate candidates[] = {{"storage", r.util_storage}, {"network", r.util_network}, {"compute", r.util_compute}};
  double best            = 0;
  for (const auto& c : candidates)
    if (c.value > best) {
      best         = c.value;
      r.bottleneck = c.name;
    }

  // Queue length and running jobs as time averages per bin.
  std::vector<double> queue_bins(nbins, 0.0);
  std::vector<double> running_bins(nbins, 0.0);
  for (const auto& job : records.jobs) {
    double start = job.start >= 0 ? job.start : T;
    spread(queue_bins, width, job.submit, start, start - job.submit);
    if (job.start >= 0) {
      double end = job.end >= 0 ? job.end : T;
      spread(running_bins, width, job.start, end, end - job.start);
    }
  }
  std::vector<double> active_bins(nbins, 0.0);
  if (records.power.empty())
    spread(active_bins, width, 0, T, pool_size * T);
  for (const auto& p : records.power)
    if (p.off > p.active_from)
      spread(active_bins, width, p.active_from, p.off, p.off - p.active_from);
  for (int b = 0; b < nbins; ++b) {
    TimeBin bin;
    bin.start        = b * width;
    bin.queue_length = queue_bins[b] / width;
    bin.running_jobs = running_bins[b] / width;
    bin.active_hosts = active_bins[b] / width;
    bin.compute_util = pool_peak > 0 ? compute_bins[b] / (pool_peak * width) : 0;
    bin.storage_util = n_disks > 0 ? storage_bins[b] / (n_disks * width) : 0;
    for (const auto& [link, bins] : link_bins) {
      double u         = bins[b] / (records.links[link].bandwidth * width);
      bin.network_util = std::max(bin.network_util, u);
      bin.network_util_mean += u / r.links_used;
      if (link == busiest)
        bin.busiest_link_util = u;
    }
    r.timeseries.push_back(bin);
  }
  return r;
}

} // namespace dcflow
