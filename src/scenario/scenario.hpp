#pragma once
// The typed scenario: what the YAML file says, validated, in SI units. Knows nothing of SimGrid;
// names of hosts and disks are resolved against the platform later (sim/platform).
//
// Names of the enums: to_string(value) is a switch with a case per value and no default (the compiler flags a
// value without a name); the loader parses a name against a table of the values a file may give, named by
// to_string, so a name that maps to none of them is an input error, never another value's default.

#include "policy/autoscale_settings.hpp"
#include "scenario/cost.hpp"
#include "scenario/distribution.hpp"
#include "scenario/failures.hpp"
#include "scenario/inference.hpp"
#include "scenario/stage_kinds.hpp"
#include "scenario/training.hpp"
#include "scenario/transfer_settings.hpp"
#include "util/error.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace dcflow {

// How a role picks its hosts: a name pattern ("node-*", "node-[0-63]") or a host property ("role=storage").
struct HostSelector {
  std::string pattern;        // empty when selecting by property
  std::string property_key;   // empty when selecting by pattern
  std::string property_value; // empty: the property only has to exist
  Location where;

  std::string describe() const;
};

struct Role {
  std::string name; // "compute" is the pool the scheduler dispatches to
  HostSelector selector;
};

// kind: object — an S3-like store served over the network by a role's hosts (gateways). Defaults from
// Amazon's "Best practices design patterns: optimizing Amazon S3 performance" (2024): time to first byte of
// roughly 100-200 ms, byte-range requests of 8 or 16 MB, one connection per 85-90 MB/s of desired
// throughput, and at least 5,500 GET/HEAD and 3,500 PUT requests per second per partitioned prefix;
// 10 connections is boto3's TransferConfig max_concurrency.
struct ObjectStoreSettings {
  double first_byte_latency   = 0.1;               // s from a request's start to its first byte
  double request_size         = 8.0 * 1024 * 1024; // bytes per request (ranged GET / multipart part)
  int connections             = 10;                // concurrent requests of one read or write stage
  double connection_bandwidth = 90e6;              // bytes/s per connection; 0: no cap
  double read_request_rate    = 5500;              // GET requests/s across the tier; 0: no limit
  double write_request_rate   = 3500;              // PUT requests/s across the tier; 0: no limit
};

// kind: dfs — an HDFS/Ceph-like file system on the disks of a role's hosts (data nodes). Defaults are
// HDFS's hdfs-default.xml: dfs.blocksize 134217728 (128 MiB), dfs.replication 3.
enum class Placement {
  Spread, // block b of object o: replicas on R consecutive data nodes from a hash of (o, b)
  Writer, // a write puts the first replica on the writer when it is a data node (HDFS), the rest spread
};
std::string to_string(Placement placement);
struct DfsSettings {
  double block_size   = 134217728; // bytes
  int replication     = 3;
  Placement placement = Placement::Writer;
  Location replication_where; // where `replication` was given (empty: the default)
};

// The medium of a `kind: memory` or `kind: nvme` cache tier when its `disk:` does not say (bytes/s per host).
// memory: one socket's DDR5-4800 over 8 channels, 8 x 4800 MT/s x 8 B = 307.2 GB/s (JEDEC JESD79-5 data
// rate; a theoretical peak, STREAM reaches about 80% of it). nvme: one PCIe Gen4 x4 data-center drive,
// 7 GB/s sequential read and 3.5 GB/s write (the class of the drives in platforms/ai_cluster_fat_tree.xml).
struct MediumDefaults {
  double read  = 0;
  double write = 0;
};
inline MediumDefaults memory_medium()
{
  return {307.2e9, 307.2e9};
}
inline MediumDefaults nvme_medium()
{
  return {7e9, 3.5e9};
}

enum class TierKind { Disk, Cache, Object, Dfs }; // kind: memory and kind: nvme are caches
std::string to_string(TierKind kind);

// A storage tier on a role's hosts. Disk, cache and dfs tiers use one disk per host: existing disks (by
// name, or each host's first disk) or disks dcflow creates after loading (clusters cannot declare disks in
// XML). An object tier has no disk: its bandwidth is its hosts' network links.
struct StorageTier {
  std::string name;
  TierKind kind = TierKind::Disk;
  std::string role;
  std::string disk_name;          // existing disk to use; empty = each host's first disk
  bool create_disk       = false; // create one disk per host with the bandwidths below
  double read_bandwidth  = 0;     // bytes/s, when create_disk
  double write_bandwidth = 0;     // bytes/s, when create_disk
  // kind: cache — an LRU cache of objects on each host's disk (memory or NVMe), in front of `backing`.
  double capacity = 0;        // bytes per host
  int backing     = -1;       // index of the tier a miss reads from
  ObjectStoreSettings object; // kind: object
  DfsSettings dfs;            // kind: dfs
  Location where;

  bool cache() const { return kind == TierKind::Cache; }
  bool has_disks() const { return kind != TierKind::Object; }
  // Whether a read brings the bytes to the reading host (object stores and file systems move them over the
  // network themselves) or leaves them on the tier's serving host (a disk, or a cache on another host), from
  // where the reader ships them.
  bool delivers_to_reader() const;
};

// Stage kinds, generated from the registry's rows (stage_kinds.hpp): the enum, every kind in the order reports
// list them, each kind's name, and the variant of their parameters.
enum class StageKind {
#define DCFLOW_STAGE_ENUMERATOR(Value, name, Params, make_executor) Value,
  DCFLOW_STAGE_KINDS(DCFLOW_STAGE_ENUMERATOR)
#undef DCFLOW_STAGE_ENUMERATOR
};
std::string to_string(StageKind kind);
inline constexpr std::array kStageKinds{
#define DCFLOW_STAGE_VALUE(Value, name, Params, make_executor) StageKind::Value,
    DCFLOW_STAGE_KINDS(DCFLOW_STAGE_VALUE)
#undef DCFLOW_STAGE_VALUE
};

namespace detail {
// Two rows naming one kind (`kind:` could not tell them apart) is a compile error.
inline constexpr std::array<std::string_view, kStageKinds.size()> kStageKindNames{
#define DCFLOW_STAGE_NAME(Value, name, Params, make_executor) name,
    DCFLOW_STAGE_KINDS(DCFLOW_STAGE_NAME)
#undef DCFLOW_STAGE_NAME
};
constexpr bool distinct_names()
{
  for (std::size_t i = 0; i < kStageKindNames.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (kStageKindNames[i].empty() || kStageKindNames[i] == kStageKindNames[j])
        return false;
  return true;
}
static_assert(distinct_names(), "stage_kinds.hpp: every stage kind needs a name of its own");

// std::variant of the distinct types among Ts, in the order they first appear (kinds may share parameters).
template <typename... Ts> struct TypeList; // a name only
template <typename Done, typename... Ts> struct DistinctVariant;
template <typename... Done> struct DistinctVariant<TypeList<Done...>> {
  using type = std::variant<Done...>;
};
template <typename... Done, typename T, typename... Ts>
struct DistinctVariant<TypeList<Done...>, T, Ts...>
    : DistinctVariant<std::conditional_t<(std::is_same_v<T, Done> || ...), TypeList<Done...>, TypeList<Done..., T>>,
                      Ts...> {
};
} // namespace detail

// What only a stage of one kind has: one alternative per parameters type of the registry.
#define DCFLOW_STAGE_PARAMS_TYPE(Value, name, Params, make_executor) , Params
using StageParams = detail::DistinctVariant<detail::TypeList<> DCFLOW_STAGE_KINDS(DCFLOW_STAGE_PARAMS_TYPE)>::type;
#undef DCFLOW_STAGE_PARAMS_TYPE
// The parameters a stage of `kind` carries, defaulted.
StageParams stage_params_for(StageKind kind);

struct Stage {
  std::string name;
  StageKind kind = StageKind::Compute;
  std::vector<int> after;                    // indices of the stages of the same class that must end first
  Distribution amount;                       // bytes or flops, as the kind's keys say (read_bytes, read_flops)
  StageParams params = ComputeStageParams{}; // what only this kind of stage has (stage_params_for)
  Location where;

  // The kind's parameters; asking a stage for another kind's is a bug (std::bad_variant_access).
  template <typename Params> const Params& params_as() const { return std::get<Params>(params); }
  const StorageStageParams& storage() const { return params_as<StorageStageParams>(); }
  const TransferStageParams& transfer() const { return params_as<TransferStageParams>(); }
  bool is_storage() const { return std::holds_alternative<StorageStageParams>(params); }
};

struct JobClass {
  std::string name;
  double weight = 1;
  int hosts     = 1;                        // rigid job: holds this many compute hosts from start to end
  std::optional<Distribution> estimate;     // runtime estimate (walltime) seen by policies; default: compute time
  std::optional<TransferSettings> transfer; // this class's transfer settings, when they differ from the scenario's
  std::vector<Stage> stages;                // in a topological order of `after`
  std::optional<TrainingSpec> training;     // a data-parallel training job on `hosts` GPUs instead of stages
  std::optional<InferenceSpec> inference;   // each job is a request served by model replicas instead of stages
  Location where;
};

enum class Arrival { All, Interval, Poisson };
std::string to_string(Arrival arrival);

// Replay of a recorded job log instead of generated arrivals. Each job keeps its recorded runtime on hosts of
// the trace's node speed: flops = runtime x node_speed x hosts, split evenly over its hosts.
struct TraceSource {
  enum class Format { Swf, AlibabaGpu };
  Format format = Format::Swf;
  std::string file;      // resolved against the scenario's folder
  double node_speed = 0; // flops/s of one of the trace's nodes (SWF) or GPUs (Alibaba)
  double time_scale = 1; // submit times are multiplied by this: below 1 compresses the log (more load)
  Location where;
};
std::string to_string(TraceSource::Format format);

// Bursts on top of Poisson arrivals: a two-state Markov-modulated Poisson process. Quiet periods (arrivals at
// the workload's rate) and bursts (arrivals at `rate`) alternate, each lasting an exponential time with mean
// `gap` and `length`; the long-run rate is (base x gap + rate x length) / (gap + length).
struct Bursts {
  double rate   = 0; // jobs per second during a burst
  double length = 0; // s, mean burst length
  double gap    = 0; // s, mean quiet time between bursts
  Location where;
};

struct Workload {
  Arrival arrival = Arrival::All;
  double rate     = 0; // jobs per second (interval: 1/interval)
  std::optional<std::int64_t> jobs;
  std::optional<double> duration;   // seconds: jobs are submitted while time < duration
  double jitter = 0;                // each submit time gains uniform [0, jitter) s; breaks lock-step symmetry
  std::optional<Bursts> bursts;     // arrival: poisson only
  std::optional<TraceSource> trace; // replay a trace: one class ("trace") with one compute stage
  std::vector<JobClass> classes;
  Location where;
};

struct Scenario {
  std::string file; // scenario path as given
  std::string name;
  std::uint64_t seed = 0;
  std::string platform_file; // resolved: relative to the scenario file's folder
  Location platform_where;
  std::vector<Role> roles;
  std::vector<StorageTier> tiers;
  TransferSettings transfer;
  Workload workload;
  std::string policy = "fifo";
  Location policy_where;
  AutoscaleSettings autoscale; // scheduling.autoscale; disabled by default
  Location autoscale_where;
  double s_sched      = 1.0; // the document's scheduling efficiency, an assumption
  int timeseries_bins = 200;
  CostSpec cost; // the optional `cost:` block (given = false without one)
  FailureSettings failures; // the optional `failures:` block (no groups without one)

  const Role* find_role(const std::string& role_name) const;
  int find_tier(const std::string& tier_name) const;
  // The transfer settings that apply to `job_class`'s stages: its own, else the scenario's.
  const TransferSettings& transfer_for(const JobClass& job_class) const
  {
    return job_class.transfer ? *job_class.transfer : transfer;
  }
};

} // namespace dcflow
