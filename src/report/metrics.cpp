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

namespace {

// Counts the jobs by status and summarises the completed ones (wait, turnaround, slowdown, throughput).
// Returns the host-seconds allocated to every started job, the numerator of the scheduling efficiency.
double add_job_statistics(const RunRecords& records, Results& r)
{
  const double T = records.simulated_time;
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
  return allocated_hosts;
}

// Per stage kind totals.
std::vector<StageTotal> stage_totals(const RunRecords& records)
{
  const double T = records.simulated_time;
  std::vector<StageTotal> stages;
  for (StageKind kind : kStageKinds) {
    StageTotal total;
    total.kind = to_string(kind);
    total.unit = kind == StageKind::Compute ? "flops" : "bytes";
    for (const auto& a : records.activities)
      if (a.kind == kind) {
        total.total += a.amount;
        total.count += 1;
      }
    total.per_s = T > 0 ? total.total / T : 0;
    stages.push_back(total);
  }
  return stages;
}

// Per storage tier: its disks, its cache counters, and the read and write stages it served.
std::vector<Results::TierTotal> tier_totals(const RunRecords& records)
{
  std::vector<Results::TierTotal> tiers;
  for (const auto& [name, kind] : records.tiers) {
    Results::TierTotal tier;
    tier.name = name;
    tier.kind = to_string(kind);
    tiers.push_back(tier);
  }
  for (const auto& d : records.disks)
    if (d.tier >= 0 && static_cast<std::size_t>(d.tier) < tiers.size())
      ++tiers[d.tier].disks;
  for (const auto& c : records.caches)
    for (auto& tier : tiers)
      if (tier.name == c.tier) {
        tier.hits      = c.hits;
        tier.misses    = c.misses;
        tier.evictions = c.evictions;
        tier.bypassed  = c.bypassed;
        tier.fill_bytes = c.fill_bytes;
      }
  for (const auto& a : records.activities) {
    if (a.kind != StageKind::Read && a.kind != StageKind::Write)
      continue;
    int t = a.tier;
    if (t < 0 || static_cast<std::size_t>(t) >= tiers.size())
      continue;
    auto& tier = tiers[t];
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
  return tiers;
}

// The work done on compute hosts, disks and links, over the whole run and per time bin: what the utilisation
// and the time series are computed from.
struct Usage {
  int nbins    = 1;
  double width = 1.0; // seconds per bin
  std::vector<double> compute_bins;
  std::vector<double> storage_bins;
  std::map<int, std::vector<double>> link_bins; // only links that carried traffic, ordered by index
  std::vector<double> link_bytes;
  double pool_peak   = 0; // flop/s of the whole pool
  double n_disks     = 0;
  double flops_total = 0;
  double disk_time   = 0; // seconds of full-speed disk work
};

// Bytes that crossed the network, on every link of their route.
void account_wire(const RunRecords& records, const ActivityRecord& a, Usage& usage)
{
  for (int link : records.routes[a.resource]) {
    usage.link_bytes[link] += a.wire_bytes;
    auto& bins = usage.link_bins[link];
    if (bins.empty())
      bins.assign(usage.nbins, 0.0);
    spread(bins, usage.width, a.wire_start, a.wire_end, a.wire_bytes);
  }
}

// A record's work, on the resource class it names (records.hpp): one case per class, whatever the stage kind.
void account(const RunRecords& records, const ActivityRecord& a, Usage& usage)
{
  switch (a.uses) {
  case ResourceClass::None: // within one host, or all of its work is in side_work
    break;
  case ResourceClass::Host:
    usage.flops_total += a.amount;
    spread(usage.compute_bins, usage.width, a.start, a.end, a.amount);
    break;
  case ResourceClass::DiskRead:
  case ResourceClass::DiskWrite: {
    const DiskInfo& disk = records.disks[a.resource];
    double bw            = a.uses == ResourceClass::DiskRead ? disk.read_bandwidth : disk.write_bandwidth;
    usage.disk_time += a.amount / bw;
    spread(usage.storage_bins, usage.width, a.start, a.end, a.amount / bw);
    break;
  }
  case ResourceClass::Route:
    account_wire(records, a, usage);
    break;
  }
}

Usage measure_usage(const RunRecords& records, int timeseries_bins)
{
  const double T = records.simulated_time;
  Usage usage;
  usage.nbins = std::max(1, timeseries_bins);
  usage.width = T > 0 ? T / usage.nbins : 1.0;
  usage.compute_bins.assign(usage.nbins, 0.0);
  usage.storage_bins.assign(usage.nbins, 0.0);
  usage.link_bytes.assign(records.links.size(), 0.0);
  for (const auto& h : records.pool)
    usage.pool_peak += h.peak_flops;
  usage.n_disks = static_cast<double>(records.disks.size());
  for (const auto& a : records.activities)
    account(records, a, usage);
  for (const auto& a : records.side_work)
    account(records, a, usage);
  return usage;
}

// Utilisation of compute, storage and the network over the whole run. Returns the busiest link's index (-1 when
// no link was busy).
int add_utilisation(const RunRecords& records, const Usage& usage, Results& r)
{
  const double T = records.simulated_time;
  r.util_compute = (T > 0 && usage.pool_peak > 0) ? usage.flops_total / (usage.pool_peak * T) : 0;
  r.util_storage = (T > 0 && usage.n_disks > 0) ? usage.disk_time / (usage.n_disks * T) : 0;
  int busiest    = -1;
  for (const auto& [link, bins] : usage.link_bins) {
    auto l   = static_cast<std::size_t>(link);
    double u = T > 0 ? usage.link_bytes[l] / (records.links[l].bandwidth * T) : 0;
    r.util_network_mean += u;
    if (u > r.util_network) {
      r.util_network = u;
      r.busiest_link = records.links[l].name;
      busiest        = link;
    }
  }
  r.links_used = static_cast<int>(usage.link_bins.size());
  if (r.links_used > 0)
    r.util_network_mean /= r.links_used;
  return busiest;
}

// Per fabric: the same per-link ratio as the network figures, over every link of the fabric (idle ones too).
std::vector<FabricUtil> fabric_utilisation(const RunRecords& records, const Usage& usage)
{
  const double T = records.simulated_time;
  std::map<std::string, FabricUtil> fabrics;
  for (std::size_t l = 0; l < records.links.size(); ++l) {
    const LinkInfo& link = records.links[l];
    if (link.fabric.empty())
      continue;
    FabricUtil& f = fabrics[link.fabric];
    f.name        = link.fabric;
    double u      = T > 0 && link.bandwidth > 0 ? usage.link_bytes[l] / (link.bandwidth * T) : 0;
    ++f.links;
    f.links_used += usage.link_bytes[l] > 0 ? 1 : 0;
    f.mean += u;
    if (u > f.busiest) { // ties keep the first in natural order; none when the fabric stayed idle
      f.busiest      = u;
      f.busiest_link = link.name;
    }
  }
  std::vector<FabricUtil> out;
  for (auto& [name, f] : fabrics) {
    f.mean /= f.links;
    out.push_back(f);
  }
  return out;
}

// Compute and scheduling efficiency, powered host hours and the autoscaler's events.
void add_efficiency(const RunRecords& records, double allocated_hosts, Results& r)
{
  const double T       = records.simulated_time;
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
}

// The resource class with the highest utilisation; empty when none was used.
std::string bottleneck(const Results& r)
{
  struct Candidate {
    const char* name;
    double value;
  };
  Candidate candidates[] = {{"storage", r.util_storage}, {"network", r.util_network}, {"compute", r.util_compute}};
  std::string name;
  double best = 0;
  for (const auto& c : candidates)
    if (c.value > best) {
      best = c.value;
      name = c.name;
    }
  return name;
}

// Queue length, running jobs and active hosts, as time integrals per bin.
struct Occupancy {
  std::vector<double> queue;
  std::vector<double> running;
  std::vector<double> active;
};

Occupancy occupancy(const RunRecords& records, int nbins, double width)
{
  const double T = records.simulated_time;
  Occupancy o{std::vector<double>(nbins, 0.0), std::vector<double>(nbins, 0.0), std::vector<double>(nbins, 0.0)};
  for (const auto& job : records.jobs) {
    double start = job.start >= 0 ? job.start : T;
    spread(o.queue, width, job.submit, start, start - job.submit);
    if (job.start >= 0) {
      double end = job.end >= 0 ? job.end : T;
      spread(o.running, width, job.start, end, end - job.start);
    }
  }
  if (records.power.empty())
    spread(o.active, width, 0, T, static_cast<double>(records.pool.size()) * T);
  for (const auto& p : records.power)
    if (p.off > p.active_from)
      spread(o.active, width, p.active_from, p.off, p.off - p.active_from);
  return o;
}

// One row per bin: occupancy as time averages, utilisation of compute, storage and the links.
std::vector<TimeBin> time_series(const RunRecords& records, const Usage& usage, const Results& r, int busiest)
{
  const double width  = usage.width;
  const Occupancy occ = occupancy(records, usage.nbins, width);
  std::vector<TimeBin> series;
  for (int b = 0; b < usage.nbins; ++b) {
    TimeBin bin;
    bin.start        = b * width;
    bin.queue_length = occ.queue[b] / width;
    bin.running_jobs = occ.running[b] / width;
    bin.active_hosts = occ.active[b] / width;
    bin.compute_util = usage.pool_peak > 0 ? usage.compute_bins[b] / (usage.pool_peak * width) : 0;
    bin.storage_util = usage.n_disks > 0 ? usage.storage_bins[b] / (usage.n_disks * width) : 0;
    for (const auto& [link, bins] : usage.link_bins) {
      double u         = bins[b] / (records.links[link].bandwidth * width);
      bin.network_util = std::max(bin.network_util, u);
      bin.network_util_mean += u / r.links_used;
      if (link == busiest)
        bin.busiest_link_util = u;
    }
    series.push_back(bin);
  }
  return series;
}

} // namespace

Results compute_results(const RunRecords& records, int timeseries_bins)
{
  Results r;
  r.simulated_time_s           = records.simulated_time;
  double allocated_hosts       = add_job_statistics(records, r);
  if (records.inference.ran) // requests share their replica's GPUs: the GPUs' stepping time is what they held
    allocated_hosts = records.inference.busy_gpu_seconds;
  r.stages                     = stage_totals(records);
  r.tiers                      = tier_totals(records);
  const Usage usage            = measure_usage(records, timeseries_bins);
  const int busiest            = add_utilisation(records, usage, r);
  r.fabrics                    = fabric_utilisation(records, usage);
  add_efficiency(records, allocated_hosts, r);
  r.bottleneck = bottleneck(r);
  r.timeseries = time_series(records, usage, r, busiest);
  r.training   = training_summaries(records);
  r.inference  = inference_summary(records);
  r.energy     = energy_summary(records, r.training, r.inference);
  r.failures   = failure_summary(records);
  if (r.failures.enabled) {
    auto bins = failure_bins(records, usage.nbins, usage.width);
    for (std::size_t b = 0; b < r.timeseries.size(); ++b) {
      r.timeseries[b].resources_down   = bins[b].first;
      r.timeseries[b].failures_started = bins[b].second;
    }
  }
  if (r.inference.ran) {
    std::vector<double> kv = kv_occupancy_bins(records, usage.nbins, usage.width);
    for (std::size_t b = 0; b < r.timeseries.size(); ++b)
      r.timeseries[b].kv_occupancy = kv[b];
  }
  return r;
}

} // namespace dcflow
