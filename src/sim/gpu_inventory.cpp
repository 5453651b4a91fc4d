#include "sim/gpu_inventory.hpp"

#include "scenario/units.hpp"
#include "sim/engine_setup.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

const std::vector<std::string> kHostTags{"host"};
const std::vector<std::string> kZoneTags{"zone", "cluster", "AS"};

// A property of GPU host `host` that must be a positive quantity: missing, malformed or non-positive is an
// InputError at the property (or at the host when it has none).
double gpu_quantity(const sg4::Host* host, const std::string& file, const char* key, Dimension dimension,
                    const char* example)
{
  const char* value = host->get_property(key);
  if (!value)
    throw InputError(locate_in_platform(file, kHostTags, host->get_name()),
                     fmt::format("GPU host '{}' (gpu '{}') has no '{}' property; give it as "
                                 "<prop id=\"{}\" value=\"{}\"/>",
                                 host->get_name(), host->get_property("gpu"), key, key, example));
  std::string problem;
  double quantity = 0;
  try {
    quantity = parse_quantity(value, dimension);
    if (quantity <= 0)
      problem = fmt::format("expected {} above zero", dimension_noun(dimension));
  } catch (const std::invalid_argument& error) {
    problem = error.what();
  }
  if (!problem.empty())
    throw InputError(locate_in_platform(file, kHostTags, host->get_name(), key),
                     fmt::format("property '{}' of GPU host '{}' is '{}': {}", key, host->get_name(), value, problem));
  return quantity;
}

} // namespace

GpuInventory::GpuInventory(const std::vector<sg4::Host*>& hosts, const std::string& platform_file)
{
  // Per englobing zone (by name, natural order): its GPU hosts and its other hosts, each in the given order.
  struct Zone {
    std::vector<sg4::Host*> gpus, others;
  };
  auto zone_less = [](const std::string& a, const std::string& b) { return natural_less(a, b); };
  std::map<std::string, Zone, decltype(zone_less)> zones(zone_less);
  for (auto* host : hosts) {
    Zone& zone = zones[host->get_englobing_zone()->get_name()];
    (host->get_property("gpu") ? zone.gpus : zone.others).push_back(host);
  }
  for (auto& [name, zone] : zones) {
    if (zone.gpus.empty())
      continue;
    auto node = static_cast<int>(nodes_.size());
    std::sort(zone.gpus.begin(), zone.gpus.end(),
              [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
    if (zone.others.size() != 1) {
      std::vector<std::string> names;
      for (const auto* h : zone.others)
        names.push_back(h->get_name());
      throw InputError(locate_in_platform(platform_file, kZoneTags, name),
                       zone.others.empty()
                           ? fmt::format("zone '{}' holds GPU hosts ('{}' ...) but no host without a 'gpu' property; "
                                         "a GPU node needs one CPU host, where decoding and preprocessing run",
                                         name, zone.gpus.front()->get_name())
                           : fmt::format("zone '{}' holds GPU hosts and {} hosts without a 'gpu' property ({}); a "
                                         "GPU node has exactly one CPU host",
                                         name, zone.others.size(), quoted_list(names)));
    }
    GpuNode entry{name, zone.others.front(), {}};
    for (auto* host : zone.gpus) {
      GpuInfo gpu;
      gpu.host = host;
      gpu.node = node;
      gpu.kind = host->get_property("gpu");
      if (gpu.kind.empty())
        throw InputError(locate_in_platform(platform_file, kHostTags, host->get_name(), "gpu"),
                         fmt::format("GPU host '{}' has an empty 'gpu' property; give its kind, e.g. H100-SXM5-80GB",
                                     host->get_name()));
      gpu.peak_flops    = host->get_speed() * host->get_core_count();
      gpu.hbm_bytes     = gpu_quantity(host, platform_file, "hbm", Dimension::Bytes, "80GB");
      gpu.hbm_bandwidth = gpu_quantity(host, platform_file, "hbm_bandwidth", Dimension::Bandwidth, "3.35TBps");
      entry.gpus.push_back(static_cast<int>(gpus_.size()));
      index_[host] = gpus_.size();
      gpus_.push_back(gpu);
    }
    nodes_.push_back(entry);
  }
}

std::string link_fabric(const sg4::Engine& engine, const sg4::Link* link)
{
  if (const char* fabric = link->get_property("fabric"))
    return fabric;
  const std::string& name = link->get_name();
  for (std::string suffix : {"_UP", "_DOWN"})
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      try {
        const sg4::SplitDuplexLink* parent =
            engine.split_duplex_link_by_name(name.substr(0, name.size() - suffix.size()));
        const char* fabric = parent ? parent->get_property("fabric") : nullptr;
        return fabric ? fabric : "";
      } catch (const std::invalid_argument&) { // a half of a <cluster>'s link, or a name that only ends so
        return "";
      }
    }
  return "";
}

std::optional<std::size_t> GpuInventory::gpu_index(const sg4::Host* host) const
{
  auto it = index_.find(host);
  return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::string GpuInventory::summary() const
{
  if (gpus_.empty())
    return "";
  // Kinds in order of first appearance, each with its count and the figures of its first GPU.
  std::vector<std::string> kinds;
  std::map<std::string, std::pair<int, const GpuInfo*>> by_kind;
  for (const auto& g : gpus_) {
    auto [it, fresh] = by_kind.try_emplace(g.kind, 0, &g);
    if (fresh)
      kinds.push_back(g.kind);
    ++it->second.first;
  }
  std::vector<std::string> parts;
  for (const auto& kind : kinds) {
    const auto& [count, first] = by_kind.at(kind);
    parts.push_back(fmt::format("{} x {} ({:g} Tflops, {} HBM at {:g} GB/s)", count, kind, first->peak_flops / 1e12,
                                format_bytes(first->hbm_bytes), first->hbm_bandwidth / 1e9));
  }
  std::size_t fewest = gpus_.size(), most = 0;
  for (const auto& n : nodes_) {
    fewest = std::min(fewest, n.gpus.size());
    most   = std::max(most, n.gpus.size());
  }
  std::string per_node =
      fewest == most ? fmt::format("{} per node", most) : fmt::format("{}-{} per node", fewest, most);
  const GpuNode& a = nodes_.front();
  const GpuNode& b = nodes_.back();
  std::string cpus = nodes_.size() == 1 ? fmt::format("CPU host {}", a.cpu->get_name())
                                        : fmt::format("CPU hosts {} .. {}", a.cpu->get_name(), b.cpu->get_name());
  return fmt::format("{} GPUs in {} node(s), {}: {}; {} ({} cores at {:g} Gflops on the first)", gpus_.size(),
                     nodes_.size(), per_node, join(parts, ", "), cpus, a.cpu->get_core_count(),
                     a.cpu->get_speed() / 1e9);
}

} // namespace dcflow
