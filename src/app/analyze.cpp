#include "app/analyze.hpp"

#include "scenario/loader.hpp"
#include "sim/platform_analysis.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>

namespace dcflow {
namespace {

// GB/s as everywhere in dcflow's output; MB/s below 1 GB/s, where three decimals of GB/s lose the figure.
std::string rate(double bytes_per_s)
{
  if (std::isinf(bytes_per_s)) // routes with no link (Vivaldi: latency only) or with FATPIPE links only
    return "unbounded (routes with no link, or FATPIPE links only)";
  if (bytes_per_s > 0 && bytes_per_s < 1e9)
    return fmt::format("{:.3f} MB/s", bytes_per_s / 1e6);
  return fmt::format("{:.3f} GB/s", bytes_per_s / 1e9);
}

std::string hosts_of(const HostSet& set)
{
  if (set.hosts == 0)
    return "no host";
  if (set.hosts == 1)
    return fmt::format("1 host ({})", set.first);
  return fmt::format("{} hosts ({} .. {})", set.hosts, set.first, set.last);
}

std::string routes_of(const MaxFlowReport& r)
{
  if (r.routes == 0)
    return fmt::format("no route joins the two sets ({} host pair(s) examined)", r.no_route);
  std::string text = fmt::format("over {} route(s)", r.routes);
  if (r.sampled)
    text += fmt::format(", a deterministic sample of the {} host pairs", r.pairs);
  else
    text += " (every host pair)";
  if (r.no_route > 0)
    text += fmt::format("; {} pair(s) without a route left out", r.no_route);
  return text;
}

std::string cut_of(const MaxFlowReport& r)
{
  if (r.saturated_total == 0)
    return "";
  std::string names;
  for (std::size_t i = 0; i < r.saturated_links.size(); ++i)
    names += (i ? ", " : "") + r.saturated_links[i];
  if (r.saturated_total > r.saturated_links.size())
    names += fmt::format(", ... ({} more)", r.saturated_total - r.saturated_links.size());
  return fmt::format("  min cut      {} saturated link(s): {}\n", r.saturated_total, names);
}

} // namespace

std::string analyze_report(const PlatformAnalysis& a)
{
  std::string out = fmt::format("platform '{}'\n", a.platform_file);
  out += fmt::format("  hosts        {}\n", hosts_of(a.all));
  out += fmt::format("  flops        {:.3f} Tflops in all (speed x cores), {} cores\n", a.all.flops / 1e12, a.cores);
  out += fmt::format("  links        {}\n", a.links);
  if (a.links > 0) {
    out += fmt::format("  bandwidth    min {}, median {}, max {}\n", rate(a.bandwidth_min), rate(a.bandwidth_median),
                       rate(a.bandwidth_max));
    std::size_t shown = std::min<std::size_t>(a.bandwidths.size(), 10);
    for (std::size_t i = 0; i < shown; ++i)
      out += fmt::format("    {:>14}  {} link(s)\n", rate(a.bandwidths[i].bandwidth), a.bandwidths[i].links);
    if (a.bandwidths.size() > shown)
      out += fmt::format("    ... and {} more distinct bandwidths\n", a.bandwidths.size() - shown);
  }
  for (const auto& role : a.roles)
    out += fmt::format("  role         {}: {}, {:.3f} Tflops\n", role.label, hosts_of(role), role.flops / 1e12);
  if (a.has_flow) {
    out += fmt::format("  max flow     {} from {} [{}] to {} [{}]\n", rate(a.flow.bound_Bps), a.flow_from.label,
                       hosts_of(a.flow_from), a.flow_to.label, hosts_of(a.flow_to));
    out += fmt::format("               {}\n", routes_of(a.flow));
    out += cut_of(a.flow);
  } else if (!a.flow_note.empty()) {
    out += fmt::format("  max flow     n/a: {}\n", a.flow_note);
  }
  if (a.bisection_of.hosts < 2) {
    out += fmt::format("  bisection    n/a: {} has fewer than two hosts\n", a.bisection_of.label);
  } else {
    std::size_t half = a.bisection_of.hosts / 2;
    out += fmt::format("  bisection    {} from the first {} to the last {} of {} [{}], in natural order\n",
                       rate(a.bisection.bound_Bps), half, a.bisection_of.hosts - half, a.bisection_of.label,
                       hosts_of(a.bisection_of));
    out += fmt::format("               {}\n", routes_of(a.bisection));
  }
  out += "  (max flow: nominal link bandwidths over the platform's fixed routes, an upper bound on the aggregate\n"
         "   rate; bisection: one split in one direction, an estimate for this routing, not a minimum over cuts)\n";
  return out;
}

int analyze_command(const AnalyzeOptions& options)
{
  try {
    Scenario scenario;
    AnalyzeRequest request;
    request.platform_file = options.platform;
    request.sources       = options.sources;
    request.destinations  = options.destinations;
    request.engine_args   = options.engine_args;
    if (!options.scenario.empty()) {
      scenario         = load_scenario(options.scenario);
      request.scenario = &scenario;
    }
    std::cout << analyze_report(analyze_platform(request));
    return 0;
  } catch (const InputError& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
}

} // namespace dcflow
