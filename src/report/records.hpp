#pragma once
// What a simulation leaves behind: raw, SimGrid-free records of jobs and activities, plus the static
// description of the resources they used. Metrics and reports are computed from these alone.

#include "report/record_log.hpp"
#include "scenario/scenario.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace dcflow {

enum class JobStatus { Completed, Failed, NotStarted };
std::string to_string(JobStatus status);

struct JobRecord {
  std::int64_t id = 0;
  int job_class   = 0;
  double submit   = 0;
  double start    = -1; // dispatch time
  double end      = -1;
  std::vector<int> hosts; // compute-pool indices
  double bytes     = 0;   // input bytes (read stages, else first transfer)
  double flops     = 0;
  JobStatus status = JobStatus::NotStarted;
  // Failures (README "Failures"): times the job was re-queued after a failure interrupted it, why it failed
  // (empty unless status is Failed), and the host-seconds of its interrupted runs (work lost).
  int retries      = 0;
  std::string cause;
  double lost_work = 0;
  // A failed attempt whose data was unavailable (every replica's host down), or whose flows a link failure cut:
  // when it may run again (infinity: never); -1 for other failures.
  double retry_at = -1;
};

// A job record's bytes in a spilled block of RunRecords::jobs (record_log.hpp): its fixed fields, then its
// hosts and its cause, each after its length.
template <>
struct RecordCodec<JobRecord> {
  static void write(std::string& out, const JobRecord& record);
  static JobRecord read(const char*& in);
};

// Every route's link indices in one array (a run on 10,000 hosts meets up to a route per job; a vector per
// route cost three times the memory): route r's links are links_[start_[r]] up to links_[start_[r + 1]].
class RouteTable {
public:
  struct Links {
    const int* first = nullptr;
    const int* last  = nullptr;
    const int* begin() const { return first; }
    const int* end() const { return last; }
    std::size_t size() const { return static_cast<std::size_t>(last - first); }
    int front() const { return *first; }
    int operator[](std::size_t i) const { return first[i]; }
  };

  RouteTable() = default;
  RouteTable(std::initializer_list<std::vector<int>> routes)
  {
    for (const auto& r : routes)
      push_back(r);
  }
  void push_back(const std::vector<int>& links)
  {
    links_.insert(links_.end(), links.begin(), links.end());
    start_.push_back(links_.size());
  }
  std::size_t size() const { return start_.size() - 1; }
  Links operator[](std::size_t r) const { return {links_.data() + start_[r], links_.data() + start_[r + 1]}; }

private:
  std::vector<int> links_;
  std::vector<std::size_t> start_{0};
};

// A resource's outage (README "Failures"): down at `down`, back at `up` (the end of the run if it was still down).
struct FailureRecord {
  std::string resource; // host or link name
  FailureTarget kind = FailureTarget::Hosts;
  double down        = 0;
  double up          = 0;
};

// What a record's time and amount were spent on; `resource` indexes the matching table of RunRecords: a pool
// host (RunRecords::pool, flops), a disk read or written (RunRecords::disks, bytes), a route whose links the
// bytes crossed (RunRecords::routes, wire bytes), or nothing (a transfer within one host; a stage whose work
// is all in RunRecords::side_work). Reporting accounts by this class alone, so a new stage kind needs no code
// there; a new resource class is a new value here and one case in report/metrics.cpp.
enum class ResourceClass { None, Host, DiskRead, DiskWrite, Route };

// One stage execution, or (in RunRecords::side_work) work a stage caused on another resource.
struct ActivityRecord {
  StageKind kind        = StageKind::Compute;
  double start          = 0;
  double end            = 0;
  double amount         = 0; // bytes or flops
  int resource          = -1;
  ResourceClass uses    = ResourceClass::None; // what `resource` indexes
  int tier              = -1;                  // read/write: the storage tier that served the stage
  std::int64_t requests = 0;                   // read/write: requests (object tier) or blocks (dfs tier) it took
  double local_bytes    = 0;                   // dfs read: bytes served by a replica on the reading host itself
  // Transfers: the bytes that crossed the network (after compression, with protocol overhead) and when.
  double wire_bytes = 0;
  double wire_start = 0;
  double wire_end   = 0;
};

// A resource's power draw from the platform's energy properties (README "Energy and cost"), in watts: idle,
// busy (a host at full load, a link or disk at its full bandwidth) and switched off. `given`: the platform
// gives figures for it; a resource without them draws nothing in the energy account.
struct PowerFigures {
  bool given  = false;
  double idle = 0;
  double busy = 0;
  double off  = 0;
};

struct PoolHost {
  std::string name;
  double peak_flops  = 0;  // speed x cores
  bool gpu           = false; // a GPU (its host has a `gpu` property)
  PowerFigures power = {};
};

// A host outside the compute pool with power figures: on for the whole run, counted at its idle power (its
// work is not recorded per host).
struct HostPower {
  std::string name;
  PowerFigures power;
};

struct DiskInfo {
  std::string name; // "host:disk"
  double read_bandwidth  = 0;
  double write_bandwidth = 0;
  int tier               = 0; // index into RunRecords::tiers
  PowerFigures power     = {};
};

struct LinkInfo {
  std::string name;
  double bandwidth   = 0;
  std::string fabric = {}; // the link's `fabric` property (nvlink, pcie, compute, storage ...), empty without one
  PowerFigures power = {}; // per direction for a half of a SPLITDUPLEX link
};

// A compute host's powered period: switched on at `on`, taking work from `active_from` (after booting),
// switched off at `off` (the end of the run if it stayed on).
struct PowerInterval {
  int host           = 0;
  double on          = 0;
  double active_from = 0;
  double off         = 0;
};

// A cache tier's counters: read hits and misses, objects evicted to make room, objects too large to keep.
struct CacheRecord {
  std::string tier;
  std::int64_t hits = 0, misses = 0, evictions = 0, bypassed = 0;
  double fill_bytes = 0; // written into the cache by read misses (a write stage's bytes are its own)
};

// A training job's iterations, summed over its run (sim/training): where each iteration's time went, from the
// GPUs' side. data_wait + compute + exposed_comm + checkpoint_stall = end - start.
struct TrainingRecord {
  std::int64_t job  = 0;
  int gpus          = 0;
  double start      = 0;
  double end        = 0;
  std::int64_t iterations = 0;
  double samples          = 0;
  double tokens           = 0;
  double data_wait        = 0; // GPUs idle for want of a batch
  double compute          = 0; // forward and backward
  double exposed_comm     = 0; // all-to-all, and the all-reduce beyond what the backward pass hid
  double checkpoint_stall = 0; // waiting for a sync checkpoint, or for the previous async one to drain
  double allreduce_time   = 0; // summed duration of the all-reduces, hidden or not
  std::int64_t allreduces = 0;
  double allreduce_bytes  = 0; // per GPU per all-reduce
  double alltoall_time    = 0;
  std::int64_t alltoalls  = 0;
  double alltoall_bytes   = 0; // per GPU per all-to-all
  std::int64_t checkpoints = 0;
  double checkpoint_time   = 0; // summed duration of the checkpoints' writes
  bool hierarchical_as_ring = false; // hierarchical all-reduce asked, GPUs spread unevenly over nodes: a ring ran
  // Failures of its hosts (README "Failures"): restarts from the last completed checkpoint, the iterations run
  // again, the time from the restored state to each failure (work lost), the time waiting for the failed host
  // to return, and the time reading the checkpoint back. A restart's time is in `restart_time` (not in the
  // breakdown above): data_wait + compute + exposed_comm + checkpoint_stall + restart_time = end - start.
  std::int64_t restarts   = 0;
  std::int64_t redone_iterations = 0;
  double lost_time        = 0;
  double repair_wait      = 0;
  double reload_time      = 0;
  double restart_time     = 0;
};

// An inference request's life (sim/inference): arrival, prefill start (admitted), first and last token; a
// rejected request has `rejected` set to its cause and no times after its arrival.
struct RequestRecord {
  std::int64_t id     = 0;
  int replica         = -1;
  std::int64_t prompt = 0;
  std::int64_t output = 0;
  double arrival      = 0;
  double payload      = 0;  // bytes of its ingest (0: none)
  double ingested     = -1; // when its payload landed on the front end (-1: no ingest)
  double admitted     = -1;
  double first_token  = -1;
  double end          = -1;
  std::string rejected; // empty: served
  // Failures (README "Failures"): times its replica failed under it and it went back to the router; why it
  // failed (empty unless it did; then no times after its arrival are set); output tokens it had received on
  // replicas that failed (generated again).
  int retries = 0;
  std::string failed;
  std::int64_t tokens_lost = 0;
};

// One step of one replica: a prefill (batch = requests admitted) or a decode step, and the KV cache in use
// when it ended.
struct StepRecord {
  double start   = 0;
  double end     = 0;
  int replica    = 0;
  int batch      = 0;
  bool prefill   = false;
  double kv_used = 0; // bytes
};

// A replica the autoscaler switched on: powered at `on`, serving from `serving` (boot, then its weights loaded).
struct ColdStartRecord {
  int replica    = 0;
  double on      = 0;
  double booted  = 0; // boot_time over, weights loading
  double serving = 0;
  double weight_bytes = 0; // loaded from the weights tier (0: none named)
};

// A replica out of service because one of its hosts (a GPU or its node's CPU host) failed: down at `down`, its
// hosts all back at `back`, serving again at `serving` (after reloading its weights); -1: not within the run.
struct ReplicaOutageRecord {
  int replica    = 0;
  double down    = 0;
  double back    = -1;
  double serving = -1;
  std::string cause; // the first failure's ("host node0-gpu1 failed at 0.2 s")
};

// Everything an inference class's run leaves: its replicas' shape, requests, steps and cold starts.
struct InferenceRecords {
  bool ran = false;
  int replicas = 0, tensor_parallel = 1, gpus_unused = 0;
  double kv_capacity  = 0; // bytes per replica
  double weight_bytes = 0; // per replica
  double ttft_objective = 0, tpot_objective = 0; // s, 0: none
  double busy_gpu_seconds = 0; // GPU-seconds of replicas stepping (scheduling efficiency's numerator)
  std::string batching;
  std::vector<RequestRecord> requests; // by id
  std::vector<StepRecord> steps;       // in order of their ends
  std::vector<ColdStartRecord> cold_starts;
  std::vector<ReplicaOutageRecord> outages; // in order of their starts
};

struct RunRecords {
  std::vector<PoolHost> pool;
  std::vector<DiskInfo> disks;
  std::vector<std::pair<std::string, TierKind>> tiers; // storage tiers' names and kinds, by index
  std::vector<LinkInfo> links;
  RouteTable routes;                    // link indices per route
  std::vector<std::string> class_names; // job classes, by index
  RecordLog<JobRecord> jobs;            // sorted by id
  RecordLog<ActivityRecord> activities;
  // Work a stage caused on resources other than its own record's: network bytes (kind transfer, on a route:
  // cache fills, object requests, dfs block traffic) and disk bytes (kind read/write, on a disk: dfs blocks).
  RecordLog<ActivityRecord> side_work;
  std::vector<CacheRecord> caches;
  std::vector<TrainingRecord> training; // one per training job that ran, in order of their ends
  std::vector<PowerInterval> power; // every compute host's powered periods
  std::vector<FailureRecord> failures; // outages of resources, in order of their starts
  bool failures_enabled = false;       // the scenario or the platform fails resources
  int failure_resources = 0;           // hosts, links and disks that may fail
  bool disk_failures    = false;       // a `tier:` group: the disks of a storage tier may fail
  // Replicated tiers under failures (README "Failures", failures.storage): blocks and bytes written during the
  // run, those no surviving replica can serve at its end (every replica's host down), the bytes copied to new
  // data nodes after a node was declared dead, reads that went to another replica because the nearest one's host
  // was down, and cache contents lost with their hosts.
  struct StorageFailures {
    std::int64_t blocks_written = 0, blocks_lost = 0, blocks_re_replicated = 0, reads_failed_over = 0;
    double bytes_written = 0, bytes_lost = 0, re_replicated_bytes = 0;
    std::int64_t cache_objects_lost = 0;
    double cache_bytes_lost = 0;
  } storage_failures;
  InferenceRecords inference;       // an inference class's serving, when the scenario has one
  std::vector<HostPower> other_hosts; // hosts outside the pool that have power figures, natural order
  std::vector<std::pair<std::string, int>> role_sizes; // every role and its number of hosts (costs per hour)
  CostSpec cost;                                       // the scenario's prices (given = false: none)
  bool autoscaled = false; // the pool autoscales: a pool host with no power interval stayed off (else: on throughout)
  int scale_out_events  = 0;
  int scale_in_events   = 0;
  double simulated_time = 0;
};

} // namespace dcflow
