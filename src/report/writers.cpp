// results.json, jobs.csv, timeseries.csv and the console summary, from Results and RunRecords only.
#include "report/results.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>
#include <nlohmann/json.hpp>

namespace dcflow {
namespace {

using Json = nlohmann::ordered_json;

Json stats_json(const Stats& s)
{
  return Json{{"mean", s.mean}, {"p50", s.p50}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}};
}

// Fixed, locale-free number format for CSV cells.
std::string cell(double value)
{
  return fmt::format("{:.9g}", value);
}

} // namespace

std::string results_json(const Results& r)
{
  Json j;
  j["scenario"]         = r.scenario;
  j["policy"]           = r.policy;
  j["seed"]             = r.seed;
  j["simulated_time_s"] = r.simulated_time_s;
  j["jobs"]             = Json{
      {"submitted", r.submitted},          {"completed", r.completed},     {"failed", r.failed},
      {"not_started", r.not_started},      {"wait_s", stats_json(r.wait)}, {"turnaround_s", stats_json(r.turnaround)},
      {"slowdown", stats_json(r.slowdown)}};
  Json throughput{{"bytes_per_s", r.throughput_Bps}, {"GBps", r.throughput_Bps / 1e9}};
  for (const auto& s : r.stages)
    throughput[s.kind] = Json{{s.unit, s.total}, {s.unit + "_per_s", s.per_s}, {"count", s.count}};
  j["throughput"] = throughput;
  j["efficiency"] = Json{{"compute", r.efficiency_compute}, {"scheduling", r.efficiency_scheduling}};
  j["hosts"]      = Json{{"pool", r.pool_size},
                    {"host_hours", r.host_hours},
                    {"scale_out_events", r.scale_out_events},
                    {"scale_in_events", r.scale_in_events}};
  j["utilization"] =
      Json{{"compute", r.util_compute},  {"network", r.util_network}, {"network_mean", r.util_network_mean},
           {"links_used", r.links_used}, {"storage", r.util_storage}, {"busiest_link", r.busiest_link}};
  if (!r.fabrics.empty()) { // only platforms whose links carry a `fabric` property
    Json fabrics = Json::object();
    for (const auto& f : r.fabrics)
      fabrics[f.name] = Json{{"mean", f.mean},
                             {"busiest", f.busiest},
                             {"busiest_link", f.busiest_link},
                             {"links", f.links},
                             {"links_used", f.links_used}};
    j["utilization"]["fabrics"] = fabrics;
  }
  j["bottleneck"] = r.bottleneck;
  Json tiers      = Json::object();
  for (const auto& t : r.tiers) {
    Json entry = Json{{"kind", t.kind},
                      {"disks", t.disks},
                      {"bytes_read", t.bytes_read},
                      {"bytes_written", t.bytes_written},
                      {"reads", t.reads},
                      {"writes", t.writes},
                      {"read_requests", t.read_requests},
                      {"write_requests", t.write_requests},
                      {"read_bytes_per_s", r.simulated_time_s > 0 ? t.bytes_read / r.simulated_time_s : 0.0},
                      {"write_bytes_per_s", r.simulated_time_s > 0 ? t.bytes_written / r.simulated_time_s : 0.0},
                      {"read_stage_bytes_per_s", t.read_seconds > 0 ? t.bytes_read / t.read_seconds : 0.0},
                      {"write_stage_bytes_per_s", t.write_seconds > 0 ? t.bytes_written / t.write_seconds : 0.0}};
    if (t.kind == "dfs")
      entry["local_read_fraction"] = t.bytes_read > 0 ? t.local_bytes_read / t.bytes_read : 0.0;
    if (t.kind == "cache") {
      auto lookups       = static_cast<double>(t.hits + t.misses);
      entry["hits"]      = t.hits;
      entry["misses"]    = t.misses;
      entry["hit_ratio"] = lookups > 0 ? static_cast<double>(t.hits) / lookups : 0.0;
      entry["evictions"] = t.evictions;
      entry["bypassed"]  = t.bypassed;
      entry["fill_bytes"] = t.fill_bytes;
    }
    tiers[t.name] = std::move(entry);
  }
  j["storage"]            = tiers;
  if (!r.training.empty())
    j["training"] = training_json(r.training);
  if (r.inference.ran)
    j["inference"] = inference_json(r.inference);
  if (r.energy.enabled)
    j["energy"] = energy_json(r.energy);
  if (r.energy.cost)
    j["cost"] = cost_json(r.energy);
  if (r.failures.enabled)
    j["failures"] = failure_json(r.failures);
  const AnalyticResult& a = r.analytic;
  j["analytic"] =
      Json{{"document",
            Json{{"T_GBps", a.T},
                 {"E_Tflops", a.E},
                 {"M", a.M},
                 {"v_transfer_GBps", a.v_transfer},
                 {"M_v_transfer_GBps", a.M * a.v_transfer},
                 {"v_transfer_basis", to_string(a.v_transfer_basis)},
                 {"C_storage_GBps", a.C_storage},
                 {"C_compute_Tflops", a.C_compute},
                 {"S_sched", a.S_sched},
                 {"note", "T adds GB/s and Tflops as plain numbers, as the source document does; it is not a rate"}}},
           {"pipeline_bound_GBps", a.pipeline_bound},
           {"maxflow_bound_GBps", a.maxflow_bound},
           {"limiting_stage", a.limiting_stage},
           {"stage_capacity_GBps",
            Json{{"transfer", a.transfer_GBps}, {"storage", a.storage_GBps}, {"compute", a.compute_GBps}}},
           {"simulated_over_pipeline_bound", a.pipeline_bound > 0 ? r.throughput_Bps / 1e9 / a.pipeline_bound : 0.0}};
  j["wall_time_s"]     = r.wall_time_s;
  j["wall_jobs_per_s"] = r.wall_time_s > 0 ? static_cast<double>(r.completed) / r.wall_time_s : 0.0;
  return j.dump(2) + "\n";
}

void write_jobs_csv(std::ostream& out, const RunRecords& records, const std::vector<std::string>& class_names)
{
  out << "id,class,submit,start,end,wait,hosts,bytes,flops,status,retries,cause\n";
  std::string row;
  for (const auto& job : records.jobs) {
    std::string hosts;
    for (std::size_t i = 0; i < job.hosts.size(); ++i)
      hosts += (i ? ";" : "") + records.pool[job.hosts[i]].name;
    bool started = job.start >= 0;
    bool ended   = job.end >= 0;
    std::string cause = job.cause; // a CSV cell: no commas or quotes in it
    std::replace(cause.begin(), cause.end(), ',', ';');
    std::replace(cause.begin(), cause.end(), '"', '\'');
    row = fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", job.id, class_names[job.job_class], cell(job.submit),
                      started ? cell(job.start) : "", ended ? cell(job.end) : "",
                      started ? cell(job.start - job.submit) : "", hosts, cell(job.bytes), cell(job.flops),
                      to_string(job.status), job.retries, cause);
    out << row;
  }
}

std::string jobs_csv(const RunRecords& records, const std::vector<std::string>& class_names)
{
  std::ostringstream out;
  write_jobs_csv(out, records, class_names);
  return out.str();
}

std::string timeseries_csv(const Results& r)
{
  const bool kv   = r.inference.ran;     // the KV cache column only when an inference class ran
  const bool down = r.failures.enabled;  // failure columns only when resources fail
  std::string out = "time_s,queue_length,running_jobs,active_hosts,compute_util,network_util,storage_util,"
                    "busiest_link_util,network_util_mean";
  out += kv ? ",kv_occupancy" : "";
  out += down ? ",resources_down,failures_started\n" : "\n";
  for (const auto& b : r.timeseries) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}", cell(b.start), cell(b.queue_length), cell(b.running_jobs),
                       cell(b.active_hosts), cell(b.compute_util), cell(b.network_util), cell(b.storage_util),
                       cell(b.busiest_link_util), cell(b.network_util_mean));
    out += kv ? "," + cell(b.kv_occupancy) : "";
    out += down ? "," + cell(b.resources_down) + "," + cell(b.failures_started) + "\n" : "\n";
  }
  return out;
}

std::string console_summary(const Results& r)
{
  const AnalyticResult& a = r.analytic;
  std::string out;
  out += fmt::format("dcflow: scenario '{}', policy {}, seed {}\n\n", r.scenario, r.policy, r.seed);
  out += fmt::format("  simulated time      {:>12.3f} s\n", r.simulated_time_s);
  out += fmt::format("  jobs                {:>12} submitted, {} completed, {} failed{}\n", r.submitted, r.completed,
                     r.failed, r.not_started > 0 ? fmt::format(", {} never started", r.not_started) : "");
  if (r.scale_out_events + r.scale_in_events > 0)
    out += fmt::format("  autoscaling         {} scale-out and {} scale-in events, {:.2f} host-hours powered\n",
                       r.scale_out_events, r.scale_in_events, r.host_hours);
  out += fmt::format("  wait (s)            mean {:.3f}  p50 {:.3f}  p95 {:.3f}  max {:.3f}\n", r.wait.mean, r.wait.p50,
                     r.wait.p95, r.wait.max);
  out += fmt::format("  turnaround (s)      mean {:.3f}  p50 {:.3f}  p95 {:.3f}  max {:.3f}\n", r.turnaround.mean,
                     r.turnaround.p50, r.turnaround.p95, r.turnaround.max);
  out +=
      fmt::format("  utilisation         compute {:.1f}%  network {:.1f}%  storage {:.1f}%   (network: busiest link)\n",
                  100 * r.util_compute, 100 * r.util_network, 100 * r.util_storage);
  if (r.links_used > 0)
    out += fmt::format("  links               busiest {} at {:.1f}%, mean {:.1f}% over the {} link(s) that carried "
                       "traffic\n",
                       r.busiest_link, 100 * r.util_network, 100 * r.util_network_mean, r.links_used);
  for (const auto& f : r.fabrics)
    out += fmt::format("  fabric {:<12} mean {:.1f}% over {} link(s), busiest {}\n", f.name, 100 * f.mean, f.links,
                       f.busiest_link.empty() ? std::string("none (idle)")
                                              : fmt::format("{} at {:.1f}%", f.busiest_link, 100 * f.busiest));
  out += fmt::format("  efficiency          compute {:.3f}  scheduling {:.3f}\n", r.efficiency_compute,
                     r.efficiency_scheduling);
  out +=
      fmt::format("  bottleneck          {}{}\n\n", r.bottleneck.empty() ? "none (no resource was used)" : r.bottleneck,
                  r.bottleneck == "network" && !r.busiest_link.empty() ? " (busiest link " + r.busiest_link + ")" : "");
  out += "  throughput (GB/s)            value   note\n";
  out += fmt::format(
      "  document model T       {:>10.3f}   M*v_transfer + C_storage + C_compute = {}*{:.3f} + {:.3f} + {:.3f}\n", a.T,
      a.M, a.v_transfer, a.C_storage, a.C_compute);
  out += "                                       (adds GB/s to Tflops, as the document does)\n";
  if (std::string note = linkless_route_note(a.v_transfer_basis); !note.empty())
    out += "                                       (" + note + ")\n";
  out += fmt::format(
      "  pipeline bound         {:>10.3f}   slowest stage: {} (transfer {:.3f}, storage {:.3f}, compute {:.3f})\n",
      a.pipeline_bound, a.limiting_stage.empty() ? "n/a" : a.limiting_stage, a.transfer_GBps, a.storage_GBps,
      a.compute_GBps);
  if (a.maxflow_bound > 0)
    out += fmt::format("  network max flow       {:>10.3f}   over the platform's routes, transfer stage's hosts\n",
                       a.maxflow_bound);
  out += fmt::format("  simulated              {:>10.3f}   {:.1f}% of the pipeline bound\n", r.throughput_Bps / 1e9,
                     a.pipeline_bound > 0 ? 100 * r.throughput_Bps / 1e9 / a.pipeline_bound : 0.0);
  out += "\n  efficiency (Tflops)          value\n";
  out += fmt::format("  document model E       {:>10.3f}   C_compute * S_sched = {:.3f} * {:.3f}\n", a.E, a.C_compute,
                     a.S_sched);
  out += fmt::format("  simulated              {:>10.3f}   flops executed / simulated time\n",
                     r.efficiency_compute * a.C_compute);
  out += training_console(r.training);
  out += inference_console(r.inference);
  out += energy_console(r.energy);
  out += failure_console(r.failures);
  return out;
}

} // namespace dcflow
