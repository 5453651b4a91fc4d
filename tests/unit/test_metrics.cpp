// Metrics and writers from hand-built RunRecords: every expected number is worked out in the comments.
#include "analytic/model.hpp"
#include "report/results.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

using namespace dcflow;

namespace {

constexpr double kRel = 1e-12;

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

ActivityRecord activity(StageKind kind, double start, double end, double amount, int resource)
{
  ActivityRecord a;
  a.kind     = kind;
  a.start    = start;
  a.end      = end;
  a.amount   = amount;
  a.resource = resource;
  // What execution code sets: the resource class the index names (-1: none).
  a.uses = kind == StageKind::Compute ? ResourceClass::Host
           : resource < 0             ? ResourceClass::None
           : kind == StageKind::Read  ? ResourceClass::DiskRead
           : kind == StageKind::Write ? ResourceClass::DiskWrite
                                      : ResourceClass::Route;
  if (kind == StageKind::Transfer) { // uncompressed, no protocol overhead: the payload is what crosses the wire
    a.wire_bytes = amount;
    a.wire_start = start;
    a.wire_end   = end;
  }
  return a;
}

JobRecord job(std::int64_t id, double submit, double start, double end, std::vector<int> hosts, double bytes,
              double flops, JobStatus status)
{
  JobRecord j;
  j.id     = id;
  j.submit = submit;
  j.start  = start;
  j.end    = end;
  j.hosts  = std::move(hosts);
  j.bytes  = bytes;
  j.flops  = flops;
  j.status = status;
  return j;
}

// The hand-worked run, T = 100 s:
//   pool: node-0, node-1, 1e12 flop/s each (2e12 in all)
//   disk 0 "storage-0:disk0": read 1e9 B/s, write 5e8 B/s
//   links: "l0" 1e9 B/s, "l1" 2e9 B/s; route 0 = {l0, l1}
//   job 0: submit 0,  start 0,  end 40,  host {0},    1e10 B, 2e13 f, completed
//          read [0,10] 1e10 B on disk 0; compute [10,40] 2e13 f on host 0
//   job 1: submit 10, start 40, end 100, hosts {0,1}, 3e10 B, 6e13 f, completed
//          read [40,70] 3e10 B on disk 0; transfer [40,60] 1e10 B on route 0;
//          compute [60,100] 3e13 f on host 0 and 3e13 f on host 1; write [90,100] 1e9 B on disk 0
//   job 2: submit 20, never started, 2.5e8 B
RunRecords two_job_run()
{
  RunRecords r;
  r.pool           = {PoolHost{"node-0", 1e12}, PoolHost{"node-1", 1e12}};
  r.disks          = {DiskInfo{"storage-0:disk0", 1e9, 5e8}};
  r.links          = {LinkInfo{"l0", 1e9}, LinkInfo{"l1", 2e9}};
  r.routes         = {{0, 1}};
  r.jobs           = {job(0, 0, 0, 40, {0}, 1e10, 2e13, JobStatus::Completed),
                      job(1, 10, 40, 100, {0, 1}, 3e10, 6e13, JobStatus::Completed),
                      job(2, 20, -1, -1, {}, 2.5e8, 0, JobStatus::NotStarted)};
  r.activities     = {activity(StageKind::Read, 0, 10, 1e10, 0),      activity(StageKind::Compute, 10, 40, 2e13, 0),
                      activity(StageKind::Read, 40, 70, 3e10, 0),     activity(StageKind::Transfer, 40, 60, 1e10, 0),
                      activity(StageKind::Compute, 60, 100, 3e13, 0), activity(StageKind::Compute, 60, 100, 3e13, 1),
                      activity(StageKind::Write, 90, 100, 1e9, 0)};
  r.simulated_time = 100;
  return r;
}

} // namespace

TEST_CASE("metrics: summarize uses nearest-rank percentiles on 1..100")
{
  std::vector<double> v(100);
  std::iota(v.begin(), v.end(), 1.0);
  std::shuffle(v.begin(), v.end(), std::mt19937(5)); // order must not matter
  auto s = summarize(v);
  // Nearest rank: the ceil(q*n)-th smallest. n = 100: p50 -> 50th = 50, p95 -> 95th = 95, p99 -> 99th = 99.
  REQUIRE(s.p50 == 50.0);
  REQUIRE(s.p95 == 95.0);
  REQUIRE(s.p99 == 99.0);
  REQUIRE(s.max == 100.0);
  REQUIRE(s.mean == 50.5); // (1 + 100) / 2
}

TEST_CASE("metrics: summarize nearest-rank on ten values and on one value")
{
  auto s = summarize({100, 90, 80, 70, 60, 50, 40, 30, 20, 10});
  // n = 10: p50 -> ceil(5) = 5th = 50; p95 -> ceil(9.5) = 10th = 100; p99 -> ceil(9.9) = 10th = 100.
  REQUIRE(s.p50 == 50.0);
  REQUIRE(s.p95 == 100.0);
  REQUIRE(s.p99 == 100.0);
  REQUIRE(s.max == 100.0);
  REQUIRE(s.mean == 55.0); // 550 / 10
  auto one = summarize({7});
  REQUIRE(one.mean == 7.0);
  REQUIRE(one.p50 == 7.0);
  REQUIRE(one.p99 == 7.0);
  REQUIRE(one.max == 7.0);
}

TEST_CASE("metrics: summarize of no values is all zero")
{
  auto s = summarize({});
  REQUIRE(s.mean == 0.0);
  REQUIRE(s.p50 == 0.0);
  REQUIRE(s.p95 == 0.0);
  REQUIRE(s.p99 == 0.0);
  REQUIRE(s.max == 0.0);
}

TEST_CASE("metrics: job counts, wait, turnaround and slowdown of the two-job run")
{
  auto r = compute_results(two_job_run(), 4);
  REQUIRE(r.simulated_time_s == 100.0);
  REQUIRE(r.submitted == 3);
  REQUIRE(r.completed == 2);
  REQUIRE(r.failed == 0);
  // Completed jobs only. Waits: 0 - 0 = 0 and 40 - 10 = 30. n = 2: p50 = 1st = 0, p95 = p99 = 2nd = 30.
  REQUIRE(r.wait.mean == 15.0);
  REQUIRE(r.wait.p50 == 0.0);
  REQUIRE(r.wait.p95 == 30.0);
  REQUIRE(r.wait.max == 30.0);
  // Turnarounds: 40 - 0 = 40 and 100 - 10 = 90.
  REQUIRE(r.turnaround.mean == 65.0);
  REQUIRE(r.turnaround.p50 == 40.0);
  REQUIRE(r.turnaround.p99 == 90.0);
  REQUIRE(r.turnaround.max == 90.0);
  // Bounded slowdown: turnaround / max(runtime, 10): 40/40 = 1 and 90/60 = 1.5.
  REQUIRE(r.slowdown.mean == 1.25);
  REQUIRE(r.slowdown.max == 1.5);
}

TEST_CASE("metrics: throughput counts completed jobs' input bytes over simulated time")
{
  auto r = compute_results(two_job_run(), 4);
  // (1e10 + 3e10) / 100 s = 4e8 B/s; job 2 did not complete, its 2.5e8 B do not count.
  REQUIRE(r.throughput_Bps == Approx(4e8).epsilon(kRel));
  // Per stage kind: totals, counts and per-second rates.
  REQUIRE(r.stages.size() == kStageKinds.size()); // one total per kind, in kStageKinds' order
  for (std::size_t k = 4; k < r.stages.size(); ++k)
    REQUIRE(r.stages[k].count == 0); // a kind no record names (none past the first four here)
  REQUIRE(r.stages[0].kind == "read");
  REQUIRE(r.stages[0].unit == "bytes");
  REQUIRE(r.stages[0].total == 4e10); // 1e10 + 3e10
  REQUIRE(r.stages[0].count == 2);
  REQUIRE(r.stages[0].per_s == Approx(4e8).epsilon(kRel));
  REQUIRE(r.stages[1].kind == "transfer");
  REQUIRE(r.stages[1].total == 1e10);
  REQUIRE(r.stages[1].count == 1);
  REQUIRE(r.stages[2].kind == "compute");
  REQUIRE(r.stages[2].unit == "flops");
  REQUIRE(r.stages[2].total == 8e13); // 2e13 + 3e13 + 3e13
  REQUIRE(r.stages[2].count == 3);
  REQUIRE(r.stages[2].per_s == Approx(8e11).epsilon(kRel));
  REQUIRE(r.stages[3].kind == "write");
  REQUIRE(r.stages[3].total == 1e9);
  REQUIRE(r.stages[3].per_s == Approx(1e7).epsilon(kRel));
}

TEST_CASE("metrics: efficiency and utilisation of the two-job run")
{
  auto r = compute_results(two_job_run(), 4);
  // compute: 8e13 flops / (2e12 flop/s * 100 s) = 0.4
  REQUIRE(r.efficiency_compute == Approx(0.4).epsilon(kRel));
  REQUIRE(r.util_compute == Approx(0.4).epsilon(kRel));
  // scheduling: host-seconds allocated = job 0: 1 host x 40 s + job 1: 2 hosts x 60 s = 160;
  // / (2 hosts x 100 s) = 0.8
  REQUIRE(r.efficiency_scheduling == Approx(0.8).epsilon(kRel));
  // storage: disk busy time = 1e10/1e9 + 3e10/1e9 + 1e9/5e8 = 10 + 30 + 2 = 42 s; / (1 disk x 100 s) = 0.42
  REQUIRE(r.util_storage == Approx(0.42).epsilon(kRel));
  // network: l0 carries 1e10 B: 1e10 / (1e9 x 100) = 0.1; l1: 1e10 / (2e9 x 100) = 0.05. Busiest: l0.
  REQUIRE(r.util_network == Approx(0.1).epsilon(kRel));
  REQUIRE(r.busiest_link == "l0");
  // Mean over the two links that carried traffic: (0.1 + 0.05) / 2.
  REQUIRE(r.links_used == 2);
  REQUIRE(r.util_network_mean == Approx(0.075).epsilon(kRel));
  // Highest utilisation: storage 0.42 > compute 0.4 > network 0.1.
  REQUIRE(r.bottleneck == "storage");
}

TEST_CASE("metrics: the bottleneck follows the most utilised resource class")
{
  auto rec = two_job_run();
  // Add a 50 s transfer of 5e10 B on route 0 (l0 full for 50 s): l0 now carries 1e10 + 5e10 = 6e10 B
  // -> 6e10 / (1e9 x 100) = 0.6 > storage 0.42.
  rec.activities.push_back(activity(StageKind::Transfer, 0, 50, 5e10, 0));
  auto r = compute_results(rec, 4);
  REQUIRE(r.util_network == Approx(0.6).epsilon(kRel));
  REQUIRE(r.busiest_link == "l0");
  REQUIRE(r.bottleneck == "network");
}

TEST_CASE("metrics: a bin's busiest link need not be the run's, and the series says which is which")
{
  auto rec = two_job_run();
  // A second route over l1 alone, busy [75,100] with 2.5e10 B: l1 then carries 1e10 + 2.5e10 = 3.5e10 B over the
  // run, 3.5e10 / (2e9 x 100) = 0.175 > l0's 0.1, so l1 is the run's busiest link. In bin 1 ([25,50]) l0 is
  // busier (0.2 against l1's 0.1): network_util (that bin's busiest) is 0.2, busiest_link_util (l1) 0.1.
  rec.routes.push_back({1});
  rec.activities.push_back(activity(StageKind::Transfer, 75, 100, 2.5e10, 1));
  auto r = compute_results(rec, 4);
  REQUIRE(r.busiest_link == "l1");
  REQUIRE(r.util_network == Approx(0.175).epsilon(kRel));
  REQUIRE(r.timeseries[1].network_util == Approx(0.2).epsilon(1e-9));
  REQUIRE(r.timeseries[1].busiest_link_util == Approx(0.1).epsilon(1e-9));
  // Bin 3 ([75,100]): l1 carries 2.5e10 / (2e9 x 25) = 0.5.
  REQUIRE(r.timeseries[3].busiest_link_util == Approx(0.5).epsilon(1e-9));
  // The run's figure is the mean of its busiest link's bins: (0 + 0.1 + 0.1 + 0.5) / 4 = 0.175.
  double sum = 0;
  for (const auto& bin : r.timeseries)
    sum += bin.busiest_link_util;
  REQUIRE(sum / 4 == Approx(r.util_network).epsilon(1e-9));
}

TEST_CASE("metrics: work is accounted on the resource class a record names, whatever its stage kind")
{
  // A read stage's side work that wrote 1e9 B to the disk (a cache fill): charged at the write bandwidth,
  // 1e9 / 5e8 = 2 s of disk time, on top of the run's 42 s: (42 + 2) / 100 = 0.44.
  auto rec            = two_job_run();
  ActivityRecord fill = activity(StageKind::Read, 0, 10, 1e9, 0);
  fill.uses           = ResourceClass::DiskWrite;
  rec.side_work.push_back(fill);
  REQUIRE(compute_results(rec, 4).util_storage == Approx(0.44).epsilon(kRel));
  // A record naming no resource adds no work anywhere, whatever it moved.
  auto quiet             = two_job_run();
  ActivityRecord nothing = activity(StageKind::Transfer, 0, 50, 5e11, 0);
  nothing.uses           = ResourceClass::None;
  quiet.activities.push_back(nothing);
  REQUIRE(compute_results(quiet, 4).util_network == Approx(0.1).epsilon(kRel));
}

TEST_CASE("metrics: a transfer within one host (route -1) uses no link")
{
  auto rec = two_job_run();
  rec.activities.push_back(activity(StageKind::Transfer, 0, 50, 5e11, -1));
  auto r = compute_results(rec, 4);
  REQUIRE(r.util_network == Approx(0.1).epsilon(kRel)); // unchanged: only the routed transfer counts
  REQUIRE(r.stages[1].total == 5.1e11);                 // but the stage total has both: 1e10 + 5e11
}

TEST_CASE("metrics: time series of the two-job run, 4 bins of 25 s")
{
  auto r = compute_results(two_job_run(), 4);
  REQUIRE(r.timeseries.size() == 4);
  const double starts[] = {0, 25, 50, 75};
  // compute_util = flops in bin / (2e12 x 25 = 5e13):
  //   job 0 compute [10,40] at 2e13/30 f/s: bin 0 gets 15 s = 1e13, bin 1 15 s = 1e13
  //   job 1 computes [60,100] at 2 x 7.5e11 = 1.5e12 f/s: bin 2 gets 15 s = 2.25e13, bin 3 25 s = 3.75e13
  const double compute[] = {0.2, 0.2, 0.45, 0.75};
  // storage_util = disk-seconds in bin / (1 disk x 25):
  //   read [0,10] at 1 disk-s/s: bin 0 10; read [40,70] at 1: bin 1 10, bin 2 20; write [90,100] 2 disk-s: bin 3 2
  const double storage[] = {0.4, 0.4, 0.8, 0.08};
  // network_util = max over links of bytes in bin / (bandwidth x 25): transfer [40,60] at 5e8 B/s puts 5e9 B in
  //   bins 1 and 2; l0: 5e9 / (1e9 x 25) = 0.2 (l1: 0.1)
  const double network[] = {0, 0.2, 0.2, 0};
  // queue_length = job-seconds waiting / 25: job 1 waits [10,40] (bin 0: 15, bin 1: 15);
  //   job 2 waits [20,100] (bin 0: 5, bins 1-3: 25) -> 20/25, 40/25, 25/25, 25/25
  const double queue[] = {0.8, 1.6, 1.0, 1.0};
  // running_jobs: job 0 [0,40], job 1 [40,100]: one job at every instant
  const double running[] = {1, 1, 1, 1};
  for (std::size_t b = 0; b < 4; ++b) {
    INFO("bin " << b);
    const auto& bin = r.timeseries[b];
    REQUIRE(bin.start == starts[b]);
    REQUIRE(bin.compute_util == Approx(compute[b]).epsilon(1e-9));
    REQUIRE(bin.storage_util == Approx(storage[b]).epsilon(1e-9));
    REQUIRE(bin.network_util == Approx(network[b]).epsilon(1e-9).margin(1e-12));
    REQUIRE(bin.busiest_link_util == Approx(network[b]).epsilon(1e-9).margin(1e-12));        // l0 is busiest in all
    REQUIRE(bin.network_util_mean == Approx(network[b] * 0.75).epsilon(1e-9).margin(1e-12)); // (l0 + l0 / 2) / 2
    REQUIRE(bin.queue_length == Approx(queue[b]).epsilon(1e-9));
    REQUIRE(bin.running_jobs == Approx(running[b]).epsilon(1e-9));
    REQUIRE(bin.active_hosts == 2.0);
  }
}

TEST_CASE("metrics: a compute activity covering the first half of the run shows util 1 then 0")
{
  RunRecords rec;
  rec.pool           = {PoolHost{"node-0", 1e9}};
  rec.simulated_time = 100;
  // Job 0 runs [0, 50] and computes 5e10 f on the 1e9 f/s host: full speed for exactly half the run.
  // Job 1, submitted at 0 too, waits for the host until 50, then runs [50, 100] (computing nothing recorded).
  rec.jobs       = {job(0, 0, 0, 50, {0}, 0, 5e10, JobStatus::Completed),
                    job(1, 0, 50, 100, {0}, 0, 0, JobStatus::Completed)};
  rec.activities = {activity(StageKind::Compute, 0, 50, 5e10, 0)};
  auto r         = compute_results(rec, 10);
  REQUIRE(r.timeseries.size() == 10);
  REQUIRE(r.util_compute == Approx(0.5).epsilon(kRel)); // 5e10 / (1e9 x 100)
  for (std::size_t b = 0; b < 10; ++b) {
    INFO("bin " << b);
    const auto& bin = r.timeseries[b];
    REQUIRE(bin.start == Approx(10.0 * static_cast<double>(b)).epsilon(kRel)); // width 100 / 10 = 10 s
    double first_half = b < 5 ? 1.0 : 0.0;
    REQUIRE(bin.compute_util == Approx(first_half).epsilon(1e-9).margin(1e-12));
    REQUIRE(bin.queue_length == Approx(first_half).epsilon(1e-9).margin(1e-12)); // job 1 queued over [0, 50]
    REQUIRE(bin.running_jobs == Approx(1.0).epsilon(1e-9)); // job 0 then job 1: one job at every instant
  }
}

TEST_CASE("metrics: failed jobs are counted, hold their hosts until they fail, and add no throughput")
{
  RunRecords rec;
  rec.pool           = {PoolHost{"node-0", 1e9}};
  rec.simulated_time = 10;
  rec.jobs           = {job(0, 0, 0, 5, {0}, 1e9, 0, JobStatus::Failed)};
  auto r             = compute_results(rec, 2);
  REQUIRE(r.submitted == 1);
  REQUIRE(r.failed == 1);
  REQUIRE(r.completed == 0);
  REQUIRE(r.throughput_Bps == 0.0);
  REQUIRE(r.wait.max == 0.0); // no completed job: empty statistics
  // 1 host x 5 s allocated / (1 host x 10 s) = 0.5
  REQUIRE(r.efficiency_scheduling == Approx(0.5).epsilon(kRel));
}

TEST_CASE("metrics: a run that used nothing has no bottleneck and no division by zero")
{
  RunRecords rec;
  rec.pool           = {PoolHost{"node-0", 1e9}};
  rec.simulated_time = 0;
  auto r             = compute_results(rec, 3);
  REQUIRE(r.throughput_Bps == 0.0);
  REQUIRE(r.util_compute == 0.0);
  REQUIRE(r.util_network == 0.0);
  REQUIRE(r.util_storage == 0.0);
  REQUIRE(r.efficiency_scheduling == 0.0);
  REQUIRE(r.bottleneck.empty());
  REQUIRE(r.busiest_link.empty());
}

TEST_CASE("metrics: per-fabric utilisation from the links' fabric, only when some link has one")
{
  // The two-job run without fabrics: no fabric figures, and no `utilization.fabrics` in results.json.
  auto plain = compute_results(two_job_run(), 4);
  REQUIRE(plain.fabrics.empty());
  REQUIRE_FALSE(nlohmann::json::parse(results_json(plain)).at("utilization").contains("fabrics"));
  // Tag l0 and l1 as "compute" and add an idle "nvlink" link and an idle untagged one. l0 carries
  // 1e10 / (1e9 x 100) = 0.1, l1 1e10 / (2e9 x 100) = 0.05: compute mean (0.1 + 0.05) / 2 = 0.075, busiest l0.
  // nvlink: one link, idle: mean 0, busiest 0 and no busiest link.
  RunRecords records      = two_job_run();
  records.links[0].fabric = "compute";
  records.links[1].fabric = "compute";
  records.links.push_back(LinkInfo{"nv0_UP", 450e9, "nvlink"});
  records.links.push_back(LinkInfo{"other", 1e9, ""});
  auto r = compute_results(records, 4);
  REQUIRE(r.fabrics.size() == 2);
  const FabricUtil& compute = r.fabrics[0]; // by name
  REQUIRE(compute.name == "compute");
  REQUIRE(compute.links == 2);
  REQUIRE(compute.links_used == 2);
  REQUIRE(compute.mean == Approx(0.075).epsilon(kRel));
  REQUIRE(compute.busiest == Approx(0.1).epsilon(kRel));
  REQUIRE(compute.busiest_link == "l0");
  const FabricUtil& nvlink = r.fabrics[1];
  REQUIRE(nvlink.name == "nvlink");
  REQUIRE(nvlink.links == 1);
  REQUIRE(nvlink.links_used == 0);
  REQUIRE(nvlink.mean == 0.0);
  REQUIRE(nvlink.busiest_link.empty());
  // The network figures are those of before: fabrics only add a view.
  REQUIRE(r.util_network == plain.util_network);
  REQUIRE(r.util_network_mean == plain.util_network_mean);
  auto j = nlohmann::json::parse(results_json(r)).at("utilization").at("fabrics");
  REQUIRE(j.at("compute").at("mean").get<double>() == Approx(0.075).epsilon(kRel));
  REQUIRE(j.at("compute").at("busiest").get<double>() == Approx(0.1).epsilon(kRel));
  REQUIRE(j.at("compute").at("busiest_link") == "l0");
  REQUIRE(j.at("compute").at("links") == 2);
  REQUIRE(j.at("compute").at("links_used") == 2);
  REQUIRE(j.at("nvlink").at("busiest_link") == "");
}

TEST_CASE("metrics: results_json holds the documented keys and values")
{
  auto r     = compute_results(two_job_run(), 4);
  r.scenario = "two_jobs";
  r.policy   = "fifo";
  r.seed     = 42;
  AnalyticInputs in;
  in.pipes                = 10;
  in.has_transfer         = true;
  in.narrowest_link_Bps   = 1e9;
  in.has_storage          = true;
  in.storage_read_Bps     = 1e9;
  in.compute_flops        = 1e13;
  in.flops_per_input_byte = 1000;
  r.analytic              = evaluate_model(in); // the document's example: T 21, E 10, bound 1
  r.wall_time_s           = 1.5;

  auto j = nlohmann::json::parse(results_json(r));
  REQUIRE(j.at("scenario") == "two_jobs");
  REQUIRE(j.at("policy") == "fifo");
  REQUIRE(j.at("seed") == 42);
  REQUIRE(j.at("simulated_time_s") == 100.0);
  const auto& jobs = j.at("jobs");
  REQUIRE(jobs.at("submitted") == 3);
  REQUIRE(jobs.at("completed") == 2);
  REQUIRE(jobs.at("failed") == 0);
  for (const char* block : {"wait_s", "turnaround_s"})
    for (const char* key : {"mean", "p50", "p95", "p99", "max"}) {
      INFO(block << "." << key);
      REQUIRE(jobs.at(block).at(key).is_number());
    }
  REQUIRE(jobs.at("wait_s").at("mean") == 15.0);
  REQUIRE(jobs.at("turnaround_s").at("max") == 90.0);
  const auto& tp = j.at("throughput");
  REQUIRE(tp.at("bytes_per_s").get<double>() == Approx(4e8).epsilon(kRel));
  for (const char* kind : {"read", "transfer", "compute", "write"}) {
    INFO(kind);
    REQUIRE(tp.at(kind).is_object());
  }
  REQUIRE(j.at("efficiency").at("compute").get<double>() == Approx(0.4).epsilon(kRel));
  REQUIRE(j.at("efficiency").at("scheduling").get<double>() == Approx(0.8).epsilon(kRel));
  REQUIRE(j.at("utilization").at("compute").get<double>() == Approx(0.4).epsilon(kRel));
  REQUIRE(j.at("utilization").at("network").get<double>() == Approx(0.1).epsilon(kRel));
  REQUIRE(j.at("utilization").at("storage").get<double>() == Approx(0.42).epsilon(kRel));
  const auto& doc = j.at("analytic").at("document");
  REQUIRE(doc.at("T_GBps") == 21.0);
  REQUIRE(doc.at("E_Tflops") == 10.0);
  REQUIRE(doc.at("M") == 10);
  REQUIRE(doc.at("v_transfer_GBps") == 1.0);
  REQUIRE(doc.at("C_storage_GBps") == 1.0);
  REQUIRE(doc.at("C_compute_Tflops") == 10.0);
  REQUIRE(doc.at("S_sched") == 1.0);
  REQUIRE(j.at("analytic").at("pipeline_bound_GBps") == 1.0);
  REQUIRE(j.at("wall_time_s") == 1.5);
}

TEST_CASE("metrics: jobs_csv header and rows")
{
  auto text  = jobs_csv(two_job_run(), {"train"});
  auto lines = lines_of(text);
  REQUIRE(lines.size() == 4); // header + 3 jobs
  REQUIRE(lines[0] == "id,class,submit,start,end,wait,hosts,bytes,flops,status,retries,cause");
  // Numbers in %.9g: 1e10 has exponent 10 >= 9 digits, so it is written 1e+10; 40 and 0 print plainly.
  REQUIRE(lines[1] == "0,train,0,0,40,0,node-0,1e+10,2e+13,completed,0,");
  // Hosts joined by ';'; wait 40 - 10 = 30.
  REQUIRE(lines[2] == "1,train,10,40,100,30,node-0;node-1,3e+10,6e+13,completed,0,");
  // Never started: start, end, wait and hosts are empty; 2.5e8 has exponent 8 < 9: written in full.
  REQUIRE(lines[3] == "2,train,20,,,,,250000000,0,not_started,0,");
}

TEST_CASE("metrics: timeseries_csv header and one row")
{
  auto r     = compute_results(two_job_run(), 4);
  auto lines = lines_of(timeseries_csv(r));
  REQUIRE(lines.size() == 5); // header + 4 bins
  REQUIRE(lines[0] == "time_s,queue_length,running_jobs,active_hosts,compute_util,network_util,storage_util,"
                      "busiest_link_util,network_util_mean");
  // Bin 2 = [50, 75): queue 1, running 1, 2 hosts, compute 0.45, network 0.2, storage 0.8, busiest link (l0) 0.2,
  // mean over l0 and l1 (0.2 + 0.1) / 2 = 0.15 (see the time series test).
  REQUIRE(lines[3] == "50,1,1,2,0.45,0.2,0.8,0.2,0.15");
}
