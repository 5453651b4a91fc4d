#pragma once
// The GPUs and GPU nodes of a loaded platform (see README "GPU nodes"): a GPU is a host with a `gpu` property
// (its kind) and `hbm`, `hbm_bandwidth` properties in SimGrid's units; its node is its englobing zone, whose
// one host without `gpu` is the node's CPU host. A platform without GPUs gives an empty inventory.

#include "util/error.hpp"

#include <simgrid/s4u.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dcflow {

struct GpuInfo {
  simgrid::s4u::Host* host = nullptr;
  int node                 = 0; // index into GpuInventory::nodes()
  std::string kind;             // the `gpu` property, e.g. H100-SXM5-80GB
  double peak_flops    = 0;     // speed x cores: the dense peak the platform gives
  double hbm_bytes     = 0;
  double hbm_bandwidth = 0; // bytes/s
};

struct GpuNode {
  std::string name; // its zone's name
  simgrid::s4u::Host* cpu = nullptr;
  std::vector<int> gpus; // indices into GpuInventory::gpus(), in natural order of their names
};

// The `fabric` property of a link (nvlink, pcie, compute, storage ...; empty without one). SimGrid gives a
// SPLITDUPLEX link's properties to the link the platform names, not to its _UP and _DOWN halves (the links
// routes cross), so a half without the property takes its parent's.
std::string link_fabric(const simgrid::s4u::Engine& engine, const simgrid::s4u::Link* link);

class GpuInventory {
public:
  GpuInventory() = default;
  // Finds the GPUs among `hosts` (natural order) of the platform loaded from `platform_file` (for messages).
  // Throws InputError at the platform element at fault: a `gpu` host whose hbm or hbm_bandwidth is missing or
  // not a quantity, an empty `gpu` kind, a GPU zone with no host or several hosts without `gpu`.
  GpuInventory(const std::vector<simgrid::s4u::Host*>& hosts, const std::string& platform_file);

  bool empty() const { return gpus_.empty(); }
  // In natural order of the nodes' names, then of the GPUs' names within a node.
  const std::vector<GpuInfo>& gpus() const { return gpus_; }
  const std::vector<GpuNode>& nodes() const { return nodes_; } // natural order of their names
  std::optional<std::size_t> gpu_index(const simgrid::s4u::Host* host) const;
  // One line for `dcflow validate`, e.g. "128 GPUs in 16 nodes: 128 x H100-SXM5-80GB (989.4 Tflops, 80 GB HBM
  // at 3350 GB/s); CPU hosts node-0-cpu .. node-15-cpu (112 cores each)". Empty without GPUs.
  std::string summary() const;

private:
  std::vector<GpuInfo> gpus_;
  std::vector<GpuNode> nodes_;
  std::unordered_map<const simgrid::s4u::Host*, std::size_t> index_;
};

} // namespace dcflow
