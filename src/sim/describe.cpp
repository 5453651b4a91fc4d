#include "sim/describe.hpp"

#include "scenario/units.hpp"
#include "sim/platform_graph.hpp"
#include "sim/routing.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace dcflow {

namespace {

// The `storage` line of one tier.
std::string describe_tier(const World& world, const RunRecords& records, int t)
{
  std::string out;
  const Scenario& scenario = world.scenario();
  const auto& tier         = scenario.tiers[static_cast<std::size_t>(t)];
  double read = 0, write = 0;
  for (int d : world.tier_disks(t)) {
    read += records.disks[d].read_bandwidth;
    write += records.disks[d].write_bandwidth;
  }
  auto per_s = [](double rate) { return rate > 0 ? fmt::format("{:g}/s", rate) : std::string("unlimited"); };
  if (tier.kind == TierKind::Object) {
    const ObjectStoreSettings& o = tier.object;
    out += fmt::format("  storage    {}: object store on role '{}' ({} host(s)), first byte {:g} s, requests of "
                       "{}, {} connection(s) per stage at {}, GET {}, PUT {}\n",
                       tier.name, tier.role, world.role(tier.role).size(), o.first_byte_latency,
                       format_bytes(o.request_size), o.connections,
                       o.connection_bandwidth > 0 ? fmt::format("{:.3f} GB/s", o.connection_bandwidth / 1e9)
                                                  : std::string("no cap"),
                       per_s(o.read_request_rate), per_s(o.write_request_rate));
    return out;
  }
  std::string kind =
      tier.kind == TierKind::Cache ? fmt::format("cache of {} per host in front of '{}', ", format_bytes(tier.capacity),
                                                 scenario.tiers[tier.backing].name)
      : tier.kind == TierKind::Dfs
          ? fmt::format("dfs, blocks of {}, {} replica(s), {} placement, ", format_bytes(tier.dfs.block_size),
                        tier.dfs.replication, tier.dfs.placement == Placement::Writer ? "writer" : "spread")
          : std::string();
  return out + fmt::format("  storage    {}: {}{} disk(s) on role '{}'{}, read {:.3f} GB/s, write {:.3f} GB/s in all\n",
                           tier.name, kind, world.tier_disks(t).size(), tier.role,
                           tier.create_disk ? " (created by dcflow)" : "", read / 1e9, write / 1e9);
}

// v_transfer's route and the max flow of the first transfer stage.
void transfer_inputs(const World& world, const Stage& transfer, AnalyticInputs& in)
{
  sg4::Host* src = world.role(transfer.transfer().from).front();
  sg4::Host* dst = world.role(transfer.transfer().to).front();
  if (src != dst) {
    std::vector<sg4::Link*> links;
    double latency        = 0;
    in.has_transfer       = find_route(src, dst, links, &latency);
    in.route_latency_s    = latency;
    in.route_has_links    = !links.empty();
    in.narrowest_link_Bps = links.empty() ? 0 : links.front()->get_bandwidth();
    for (auto* l : links)
      in.narrowest_link_Bps = std::min(in.narrowest_link_Bps, l->get_bandwidth());
    // The network's own limit on this stage: max flow over the routes from every source host to every
    // destination host (a deterministic sample beyond 200,000 pairs; see sim/platform_graph.hpp).
    MaxFlowReport flow = maxflow_between(world.role(transfer.transfer().from), world.role(transfer.transfer().to));
    in.has_maxflow     = flow.routes > 0;
    in.maxflow_Bps     = flow.bound_Bps;
  }
}

// C_storage: the first read stage's tier.
void storage_inputs(const World& world, const RunRecords& records, const Stage& read, AnalyticInputs& in)
{
  in.has_storage          = true;
  const StorageTier& tier = world.scenario().tiers[read.storage().tier];
  for (int d : world.tier_disks(read.storage().tier))
    in.storage_read_Bps += records.disks[d].read_bandwidth;
  if (tier.kind == TierKind::Object) {
    // An object store has no disk: what it can deliver to the pool.
    const ObjectStoreSettings& o = tier.object;
    MaxFlowReport flow           = maxflow_between(world.role(tier.role), world.pool());
    in.storage_read_Bps =
        object_store_read_Bps(o.read_request_rate, o.request_size, o.connections, o.connection_bandwidth,
                              static_cast<double>(world.pool().size()), flow.routes > 0 ? flow.bound_Bps : 0);
  }
}

} // namespace

std::string describe_world(const World& world, const RunRecords& records)
{
  const Scenario& scenario = world.scenario();
  std::string out          = fmt::format("scenario '{}' is valid\n", scenario.name);
  // SimGrid's own __loopback__ link (a host talking to itself) is not part of the platform file.
  auto platform_links = std::count_if(records.links.begin(), records.links.end(),
                                      [](const LinkInfo& l) { return l.name != "__loopback__"; });
  out += fmt::format("  platform   {}: {} hosts, {} links\n", scenario.platform_file, world.hosts().size(),
                     platform_links);
  if (!world.gpus().empty())
    out += "  gpus       " + world.gpus().summary() + "\n";
  for (const auto& role : scenario.roles) {
    const auto& hosts = world.role(role.name);
    double flops      = 0;
    for (auto* h : hosts)
      flops += h->get_speed() * h->get_core_count();
    std::string which = hosts.size() == 1 ? fmt::format("1 host ({})", hosts.front()->get_name())
                                          : fmt::format("{} hosts ({} .. {})", hosts.size(), hosts.front()->get_name(),
                                                        hosts.back()->get_name());
    out += fmt::format("  role       {}: {}, {}, {:.3f} Tflops in all\n", role.name, which, role.selector.describe(),
                       flops / 1e12);
  }
  for (std::size_t t = 0; t < scenario.tiers.size(); ++t)
    out += describe_tier(world, records, static_cast<int>(t));
  bool transfers = false;
  for (const auto& c : scenario.workload.classes)
    for (const auto& stage : c.stages)
      transfers = transfers || stage.kind == StageKind::Transfer;
  if (transfers) {
    const TransferSettings& t = scenario.transfer;
    out += fmt::format("  transfer   {} pipe(s) per transfer, {}{}{}\n", t.pipes, to_string(t.protocol),
                       t.window > 0 ? fmt::format(", window {:g} B", t.window) : std::string(),
                       t.compression ? ", compression " + t.compression->codec : std::string());
  }
  const auto& w = scenario.workload;
  if (w.trace) {
    // A replay: the jobs, their arrivals and sizes come from the log, not from arrival and classes.
    const TraceSource& t = *w.trace;
    out += fmt::format("  workload   replay of {} ({}){}, nodes of {:g} flop/s{}\n", t.file,
                       t.format == TraceSource::Format::Swf ? "Standard Workload Format" : "Alibaba GPU pods",
                       w.jobs ? fmt::format(", its first {} jobs", *w.jobs) : std::string(", every job"), t.node_speed,
                       t.time_scale != 1 ? fmt::format(", submit times x {:g}", t.time_scale) : std::string());
    out += "  class      trace: each job computes its recorded run time x node speed x its hosts, on its hosts\n";
  } else {
    std::string arrival = w.arrival == Arrival::All        ? "all at time 0"
                          : w.arrival == Arrival::Interval ? fmt::format("every {:g} s", 1 / w.rate)
                                                           : fmt::format("Poisson at {:g}/s", w.rate);
    out += fmt::format("  workload   {}{}{}, arrival {}\n", w.jobs ? fmt::format("{} jobs", *w.jobs) : std::string(),
                       w.jobs && w.duration ? " or " : "",
                       w.duration ? fmt::format("{:g} s of arrivals", *w.duration) : std::string(), arrival);
    for (const auto& c : w.classes) {
      std::vector<std::string> stages;
      for (const auto& s : c.stages)
        stages.push_back(fmt::format("{} ({} {})", s.name, to_string(s.kind), s.amount.describe()));
      out += fmt::format("  class      {} (weight {:g}): {}\n", c.name, c.weight, join(stages, ", "));
    }
  }
  out += fmt::format("  scheduling {}\n", scenario.policy);
  // Failures: the scenario's groups, then the platform's own state profiles (README "Failures").
  std::vector<FailureGroup> groups = scenario.failures.groups;
  groups.insert(groups.end(), world.platform_failures().begin(), world.platform_failures().end());
  for (const auto& g : groups) {
    std::string what = !g.role.empty() ? "role '" + g.role + "'" : to_string(g.target) + " '" + g.pattern + "'";
    if (g.target == FailureTarget::Disks) // the disks of a tier, on every host of it or on those of a pattern
      what = "disks of tier '" + scenario.tiers[static_cast<std::size_t>(g.tier)].name + "'" +
             (g.pattern.empty() ? "" : " on hosts '" + g.pattern + "'");
    out += fmt::format("  failures   {}: {}, {}\n", g.name, what,
                       g.profile ? "state profile " + g.profile->file
                                 : "up " + g.mtbf->describe() + " s, down " + g.mttr->describe() + " s");
  }
  if (!groups.empty())
    out += fmt::format("  retries    a job interrupted by a failure is re-queued at most {} time(s)\n",
                       scenario.failures.retry_limit);
  return out;
}

AnalyticInputs analytic_inputs(const World& world, const RunRecords& records)
{
  const Scenario& scenario = world.scenario();
  AnalyticInputs in;
  in.pipes   = scenario.transfer.pipes;
  in.s_sched = scenario.s_sched;
  for (auto* h : world.pool())
    in.compute_flops += h->get_speed() * h->get_core_count();
  in.tcp_gamma_bytes = scenario.transfer.window;

  // The first transfer and first read stages (in class order) define v_transfer and C_storage.
  const Stage* transfer = nullptr;
  const Stage* read     = nullptr;
  double weighted_flops = 0, weighted_bytes = 0, weighted_transfer = 0;
  int fewest_hosts = 0;
  for (const auto& c : scenario.workload.classes) {
    fewest_hosts = fewest_hosts == 0 ? c.hosts : std::min(fewest_hosts, c.hosts);
    double flops = 0, reads = 0, first_transfer = -1;
    for (const auto& s : c.stages) {
      if (s.kind == StageKind::Compute)
        flops += s.amount.mean();
      if (s.kind == StageKind::Read) {
        reads += s.amount.mean();
        if (!read)
          read = &s;
      }
      if (s.kind == StageKind::Transfer) {
        if (first_transfer < 0)
          first_transfer = s.amount.mean();
        if (!transfer) {
          transfer = &s;
          // M and the window are that stage's: its class may carry its own transfer settings.
          const TransferSettings& t = scenario.transfer_for(c);
          in.pipes                  = t.pipes;
          in.tcp_gamma_bytes        = t.window;
          in.input_per_wire_byte    = t.efficiency * (t.compression ? t.compression->ratio : 1.0);
        }
      }
    }
    weighted_flops += c.weight * flops;
    weighted_bytes += c.weight * (reads > 0 ? reads : std::max(0.0, first_transfer));
    weighted_transfer += c.weight * std::max(0.0, first_transfer);
  }
  in.flops_per_input_byte = weighted_bytes > 0 ? weighted_flops / weighted_bytes : 0;
  // A job holds its hosts from start to end, so at most (hosts that can be on) / (fewest hosts a job needs)
  // jobs, and as many transfers of a stage, run at once.
  in.concurrent_transfers = std::floor(static_cast<double>(world.usable_pool_size()) / std::max(1, fewest_hosts));
  if (weighted_transfer > 0)
    in.input_per_wire_byte *= weighted_bytes / weighted_transfer;
  if (transfer)
    transfer_inputs(world, *transfer, in);
  if (read)
    storage_inputs(world, records, *read, in);
  return in;
}

} // namespace dcflow
