#include "sim/platform_analysis.hpp"

#include "sim/engine_setup.hpp"
#include "sim/platform_graph.hpp"
#include "sim/simulation.hpp"
#include "util/strings.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <unordered_set>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

using Hosts = std::vector<sg4::Host*>;

HostSet describe(const std::string& label, const Hosts& hosts)
{
  HostSet set;
  set.label = label;
  set.hosts = hosts.size();
  if (!hosts.empty()) {
    set.first = hosts.front()->get_name();
    set.last  = hosts.back()->get_name();
  }
  for (const auto* h : hosts)
    set.flops += h->get_speed() * h->get_core_count();
  return set;
}

Hosts select_pattern(const Hosts& hosts, const std::string& option, const std::string& pattern)
{
  HostSelector selector;
  selector.pattern = pattern;
  selector.where   = Location{option + " " + pattern};
  return select_hosts(hosts, selector);
}

Hosts complement(const Hosts& hosts, const Hosts& taken)
{
  std::unordered_set<const sg4::Host*> skip(taken.begin(), taken.end());
  Hosts rest;
  for (auto* h : hosts)
    if (!skip.count(h))
      rest.push_back(h);
  return rest;
}

// Link count, bandwidth min / median / max and a count per distinct bandwidth.
void link_statistics(const sg4::Engine& e, PlatformAnalysis& out)
{
  std::vector<double> bandwidths;
  for (const auto* link : e.get_all_links())
    if (link->get_name() != "__loopback__") // SimGrid's own, for a host talking to itself; not in the platform
      bandwidths.push_back(link->get_bandwidth());
  std::sort(bandwidths.begin(), bandwidths.end());
  out.links = bandwidths.size();
  if (!bandwidths.empty()) {
    std::size_t n        = bandwidths.size();
    out.bandwidth_min    = bandwidths.front();
    out.bandwidth_max    = bandwidths.back();
    out.bandwidth_median = n % 2 ? bandwidths[n / 2] : (bandwidths[n / 2 - 1] + bandwidths[n / 2]) / 2;
    for (double b : bandwidths) {
      if (out.bandwidths.empty() || out.bandwidths.back().bandwidth != b)
        out.bandwidths.push_back(BandwidthCount{b, 0});
      ++out.bandwidths.back().links;
    }
  }
}

// With a scenario: the max flow from the storage role (or another, or --sources) to the compute role (or
// --destinations), and the bisection of the compute role.
void flow_sets_from_roles(const AnalyzeRequest& request, const Scenario& scenario, const Hosts& hosts,
                          PlatformAnalysis& out, Hosts& from, Hosts& to, Hosts& bisect)
{
  std::map<std::string, Hosts> role_hosts;
  for (const auto& role : scenario.roles) {
    role_hosts[role.name] = select_hosts(hosts, role.selector);
    out.roles.push_back(describe(role.name, role_hosts[role.name]));
  }
  const Hosts& compute = role_hosts["compute"];
  bisect               = compute;
  out.bisection_of     = describe("role 'compute'", compute);
  if (!request.destinations.empty()) {
    to          = select_pattern(hosts, "--destinations", request.destinations);
    out.flow_to = describe("--destinations " + request.destinations, to);
  } else {
    to          = compute;
    out.flow_to = describe("role 'compute'", to);
  }
  std::string source_role;
  if (role_hosts.count("storage"))
    source_role = "storage";
  else
    for (const auto& role : scenario.roles)
      if (role.name != "compute") {
        source_role = role.name;
        break;
      }
  if (!request.sources.empty()) {
    from          = select_pattern(hosts, "--sources", request.sources);
    out.flow_from = describe("--sources " + request.sources, from);
  } else if (!source_role.empty()) {
    from          = role_hosts[source_role];
    out.flow_from = describe("role '" + source_role + "'", from);
  } else {
    out.flow_note = "the scenario has no role besides 'compute'; choose the sources with --sources PATTERN";
  }
}

// Without a scenario: --sources to --destinations (either one alone: to or from the other hosts), and the
// bisection of all hosts.
void flow_sets_from_patterns(const AnalyzeRequest& request, const Hosts& hosts, PlatformAnalysis& out, Hosts& from,
                             Hosts& to, Hosts& bisect)
{
  bisect           = hosts;
  out.bisection_of = describe("all hosts", hosts);
  if (!request.sources.empty())
    from = select_pattern(hosts, "--sources", request.sources);
  if (!request.destinations.empty())
    to = select_pattern(hosts, "--destinations", request.destinations);
  if (!request.sources.empty() || !request.destinations.empty()) {
    out.flow_from = describe(request.sources.empty() ? "the other hosts" : "--sources " + request.sources, from);
    out.flow_to =
        describe(request.destinations.empty() ? "the other hosts" : "--destinations " + request.destinations, to);
    if (request.sources.empty())
      from = complement(hosts, to);
    if (request.destinations.empty())
      to = complement(hosts, from);
    std::string alone =
        request.sources.empty() ? "--destinations " + request.destinations : "--sources " + request.sources;
    if (from.empty() || to.empty())
      throw InputError(Location{alone}, "selects every host, so no host is left on the other side; give both "
                                        "--sources and --destinations");
    out.flow_from = describe(out.flow_from.label, from);
    out.flow_to   = describe(out.flow_to.label, to);
  }
}

} // namespace

PlatformAnalysis analyze_platform(const AnalyzeRequest& request)
{
  std::vector<std::string> engine_argv;
  std::unique_ptr<sg4::Engine> engine;
  Scenario scenario;
  std::unique_ptr<Simulation> simulation;
  if (request.scenario) {
    scenario                = *request.scenario;
    scenario.platform_file  = request.platform_file;
    scenario.platform_where = Location{request.platform_file};
    simulation              = std::make_unique<Simulation>(scenario, request.engine_args);
  } else {
    engine = create_engine(request.engine_args, engine_argv);
    load_platform_checked(*engine, request.platform_file, Location{request.platform_file});
    engine->seal_platform(); // route queries need a sealed platform (see routing.hpp)
  }
  sg4::Engine* e = sg4::Engine::get_instance();

  PlatformAnalysis out;
  out.platform_file = request.platform_file;
  Hosts hosts       = e->get_all_hosts();
  std::sort(hosts.begin(), hosts.end(),
            [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
  if (hosts.empty())
    throw InputError(Location{request.platform_file}, "the platform declares no host");
  out.all = describe("all hosts", hosts);
  for (const auto* h : hosts)
    out.cores += h->get_core_count();

  link_statistics(*e, out);

  Hosts from, to, bisect;
  if (request.scenario)
    flow_sets_from_roles(request, scenario, hosts, out, from, to, bisect);
  else
    flow_sets_from_patterns(request, hosts, out, from, to, bisect);
  if (!from.empty() && !to.empty()) {
    out.has_flow = true;
    out.flow     = maxflow_between(from, to);
  }
  bisection_bandwidth(bisect, &out.bisection);
  return out;
}

} // namespace dcflow
