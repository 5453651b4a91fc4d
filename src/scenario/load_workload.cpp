// The workload section: when jobs arrive and how many, and the job classes; or a trace to replay instead.
#include "scenario/load_sections.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace dcflow {
namespace {

namespace fs = std::filesystem;

// Generated jobs are made as they arrive, but every job leaves its records (its row of jobs.csv, one per stage
// for the statistics): 1.3 kB per job was their peak memory before they moved to a temporary file
// (report/record_log.hpp). It stays the bound, because a run whose temporary file cannot be written (disk full,
// no $TMPDIR) keeps its records in memory instead; with the file, a job costs about 40 bytes of memory and 260
// on disk (three stages: 1M and 4M jobs of scenarios/bench_cluster_1024.yaml). A run that cannot fit this
// machine's memory by that bound is refused up front.
constexpr double kBytesPerJob = 1300;

double physical_memory_bytes()
{
  long pages = sysconf(_SC_PHYS_PAGES);
  long size  = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
}

// "" when `jobs` jobs fit in memory, else why not.
std::string too_many_jobs(double jobs)
{
  double memory = physical_memory_bytes();
  if (memory <= 0 || jobs * kBytesPerJob <= memory)
    return "";
  return fmt::format("needs about {:.0f} GB of memory for its records ({:.1f} kB per job), more than this machine has",
                     jobs * kBytesPerJob / 1e9, kBytesPerJob / 1e3);
}

// The values `arrival:` and a trace's `format:` may name (by to_string), in the order messages list them.
const std::vector<Arrival> kArrivals{Arrival::All, Arrival::Interval, Arrival::Poisson};
const std::vector<TraceSource::Format> kTraceFormats{TraceSource::Format::Swf, TraceSource::Format::AlibabaGpu};

void read_trace(const YamlReader& reader, const YAML::Node& node, const std::string& path, Workload& w)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"format", "file", "node_speed", "time_scale"}, "'" + path + "'");
  TraceSource trace;
  trace.where      = reader.where(node, path);
  trace.format     = reader.choice_of(reader.required(node, "format", path), path + ".format", kTraceFormats);
  std::string file = reader.string_value(reader.required(node, "file", path), path + ".file");
  trace.file       = reader.resolve(file);
  std::ifstream probe(trace.file);
  std::error_code ec;
  if (!probe || fs::is_directory(trace.file, ec))
    reader.fail(node["file"], path + ".file",
                "cannot read trace '" + trace.file + "': " + (probe ? "Is a directory" : std::strerror(errno)));
  trace.node_speed =
      reader.positive_quantity(reader.required(node, "node_speed", path), path + ".node_speed", Dimension::FlopRate);
  if (node["time_scale"]) {
    trace.time_scale = reader.number(node["time_scale"], path + ".time_scale");
    if (trace.time_scale <= 0)
      reader.fail(node["time_scale"], path + ".time_scale", "'" + path + ".time_scale' must be positive");
  }
  w.trace = trace;
  // One synthetic class: a compute stage whose flops come from the trace, job by job.
  JobClass job_class;
  job_class.name  = "trace";
  job_class.where = trace.where;
  Stage stage;
  stage.name   = "run";
  stage.kind   = StageKind::Compute;
  stage.amount = Distribution::constant(0);
  stage.where  = trace.where;
  job_class.stages.push_back(stage);
  w.classes.push_back(job_class);
}

// Whether a class's inference block names a request trace (then the trace gives the arrivals).
bool request_trace(const YAML::Node& classes)
{
  if (!classes.IsMap())
    return false;
  for (const auto& entry : classes)
    if (entry.second.IsMap() && entry.second["inference"] && entry.second["inference"].IsMap() &&
        entry.second["inference"]["trace"])
      return true;
  return false;
}

// A trace replay takes its jobs from the trace: only how many of them and the jitter may be given.
void read_replay(const YamlReader& reader, const YAML::Node& workload, Workload& w)
{
  for (const char* key : {"arrival", "rate", "interval", "duration", "bursts", "classes"})
    if (workload[key])
      reader.fail(workload[key], std::string("workload.") + key,
                  std::string("'workload.") + key + "' does not apply to a trace replay (the trace gives the jobs)");
  read_trace(reader, workload["trace"], "workload.trace", w);
  if (workload["jobs"])
    w.jobs = reader.integer(workload["jobs"], "workload.jobs", 1); // the first N jobs of the trace
  if (workload["jitter"])
    w.jitter = reader.non_negative_quantity(workload["jitter"], "workload.jitter", Dimension::Time);
}

// arrival, rate or interval, jobs, duration and jitter, and how they go together.
void read_arrivals(const YamlReader& reader, const YAML::Node& workload, Workload& w)
{
  if (workload["arrival"])
    w.arrival = reader.choice_of(workload["arrival"], "workload.arrival", kArrivals);
  const std::string arrival = to_string(w.arrival);
  if (workload["jobs"]) {
    w.jobs = reader.integer(workload["jobs"], "workload.jobs", 1);
    if (auto why = too_many_jobs(static_cast<double>(*w.jobs)); !why.empty())
      reader.fail(workload["jobs"], "workload.jobs", fmt::format("'workload.jobs' {} {}", *w.jobs, why));
  }
  if (workload["duration"])
    w.duration = reader.positive_quantity(workload["duration"], "workload.duration", Dimension::Time);
  if (workload["jitter"])
    w.jitter = reader.non_negative_quantity(workload["jitter"], "workload.jitter", Dimension::Time);
  if (w.arrival == Arrival::All) {
    if (workload["rate"] || workload["interval"])
      reader.fail(workload["rate"] ? workload["rate"] : workload["interval"],
                  workload["rate"] ? "workload.rate" : "workload.interval",
                  "'arrival: all' submits every job at time 0; 'rate' and 'interval' do not apply");
    if (workload["duration"])
      reader.fail(workload["duration"], "workload.duration", "'arrival: all' needs 'jobs', not 'duration'");
    if (!w.jobs)
      reader.fail(workload, "workload", "'arrival: all' needs 'jobs' (how many jobs to submit)");
    if (workload["bursts"])
      reader.fail(workload["bursts"], "workload.bursts", "'workload.bursts' applies to 'arrival: poisson'");
    return;
  }
  if (workload["rate"] && workload["interval"])
    reader.fail(workload["interval"], "workload.interval", "give 'rate' or 'interval', not both");
  if (workload["rate"])
    w.rate = reader.positive_quantity(workload["rate"], "workload.rate", Dimension::Rate);
  else if (workload["interval"])
    w.rate = 1.0 / reader.positive_quantity(workload["interval"], "workload.interval", Dimension::Time);
  else
    reader.fail(workload, "workload", "'arrival: " + arrival + "' needs 'rate' (jobs per second) or 'interval'");
  if (!w.jobs && !w.duration)
    reader.fail(workload, "workload", "'arrival: " + arrival + "' needs 'jobs', 'duration' or both");
  if (const YAML::Node b = workload["bursts"]) {
    if (w.arrival != Arrival::Poisson)
      reader.fail(b, "workload.bursts", "'workload.bursts' applies to 'arrival: poisson'");
    reader.require_map(b, "workload.bursts");
    reader.check_keys(b, "workload.bursts", {"rate", "length", "gap"}, "bursts");
    Bursts bursts;
    bursts.where  = reader.where(b, "workload.bursts");
    bursts.rate   = reader.positive_quantity(reader.required(b, "rate", "workload.bursts"), "workload.bursts.rate",
                                             Dimension::Rate);
    bursts.length = reader.positive_quantity(reader.required(b, "length", "workload.bursts"),
                                             "workload.bursts.length", Dimension::Time);
    bursts.gap    = reader.positive_quantity(reader.required(b, "gap", "workload.bursts"), "workload.bursts.gap",
                                             Dimension::Time);
    w.bursts = bursts;
  }
  if (!w.jobs)
    if (auto why = too_many_jobs(w.rate * *w.duration); !why.empty())
      reader.fail(workload["duration"], "workload.duration",
                  fmt::format("'workload.duration' at this rate gives about {:.0f} jobs, which {}", w.rate * *w.duration,
                              why));
}

JobClass read_class(const YamlReader& reader, const Scenario& scenario, const std::string& class_name,
                    const YAML::Node& class_node)
{
  std::string class_path = "workload.classes." + class_name;
  reader.require_map(class_node, class_path);
  reader.check_keys(class_node, class_path, {"weight", "hosts", "estimate", "transfer", "stages", "training", "inference"}, "a job class");
  JobClass job_class;
  job_class.name  = class_name;
  job_class.where = reader.where(class_node, class_path);
  if (class_node["weight"]) {
    job_class.weight = reader.number(class_node["weight"], class_path + ".weight");
    if (job_class.weight <= 0)
      reader.fail(class_node["weight"], class_path + ".weight", "'" + class_path + ".weight' must be positive");
  }
  if (class_node["transfer"])
    job_class.transfer = read_transfer(reader, class_node["transfer"], class_path + ".transfer", scenario.transfer);
  if (class_node["hosts"])
    job_class.hosts = reader.bounded_integer(class_node["hosts"], class_path + ".hosts", 1);
  if (class_node["estimate"])
    job_class.estimate = read_distribution(reader, class_node["estimate"], class_path + ".estimate", Dimension::Time);
  if (class_node["training"]) {
    if (class_node["stages"])
      reader.fail(class_node["stages"], class_path + ".stages",
                  "a training class runs its iterations, not stages: give 'training' or 'stages', not both");
    job_class.training = read_training(reader, scenario, class_node["training"], class_path + ".training");
    return job_class;
  }
  if (class_node["inference"]) {
    for (const char* key : {"stages", "training", "hosts"})
      if (class_node[key])
        reader.fail(class_node[key], class_path + "." + key,
                    std::string("an inference class serves requests on its model's replicas: '") + key +
                        "' does not apply");
    job_class.inference = read_inference(reader, scenario, class_node["inference"], class_path + ".inference");
    return job_class;
  }
  job_class.stages = read_stages(reader, scenario, class_node, class_path, class_name);
  return job_class;
}

} // namespace

void load_workload(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  const YAML::Node workload = reader.required(root, "workload", "");
  reader.require_map(workload, "workload");
  reader.check_keys(workload, "workload",
                    {"arrival", "rate", "interval", "jobs", "duration", "jitter", "bursts", "classes", "trace"}, "'workload'");
  Workload& w = scenario.workload;
  w.where     = reader.where(workload, "workload");
  if (workload["trace"]) {
    read_replay(reader, workload, w);
    return;
  }
  const YAML::Node classes = reader.required(workload, "classes", "workload");
  if (request_trace(classes)) { // the trace gives the arrivals: only how many requests and the jitter apply
    for (const char* key : {"arrival", "rate", "interval", "duration"})
      if (workload[key])
        reader.fail(workload[key], std::string("workload.") + key,
                    std::string("'workload.") + key +
                        "' does not apply to a request trace (its arrival column gives the requests)");
    if (workload["jobs"])
      w.jobs = reader.integer(workload["jobs"], "workload.jobs", 1);
    if (workload["jitter"])
      w.jitter = reader.non_negative_quantity(workload["jitter"], "workload.jitter", Dimension::Time);
  } else {
    read_arrivals(reader, workload, w);
  }
  auto class_entries       = reader.named_entries(classes, "workload.classes", "'workload.classes'");
  if (class_entries.empty())
    reader.fail(classes, "workload.classes", "the workload has no job classes");
  for (const auto& [class_name, class_node] : class_entries)
    w.classes.push_back(read_class(reader, scenario, class_name, class_node));
  // One served model per scenario: its replicas take the whole compute pool.
  for (std::size_t c = 0; c < w.classes.size(); ++c)
    if (w.classes[c].inference && w.classes.size() > 1)
      throw InputError(w.classes[c].where,
                       "inference class '" + w.classes[c].name +
                           "' serves its model on the whole compute pool: give it as the workload's only class");
}

} // namespace dcflow
