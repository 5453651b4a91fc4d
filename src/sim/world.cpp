#include "sim/world.hpp"

#include "analytic/inference_model.hpp"
#include "analytic/training_model.hpp"

#include "policy/policy.hpp"
#include "sim/engine_setup.hpp"
#include "sim/power_properties.hpp"
#include "sim/routing.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <map>
#include <fmt/format.h>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// The TCP window of every transfer in the scenario, which must be one value: SimGrid 3.32 applies its cap
// (network/TCP-gamma) to every flow alike.
double window_for_run(const Scenario& scenario)
{
  std::optional<double> window;
  std::string first; // what set it: "stage 'x'" or "the training of class 'c'"
  auto uses        = [&](const JobClass& job_class, const Location& where, const std::string& what) {
    double w = scenario.transfer_for(job_class).window;
    if (window && *window != w)
      throw InputError(where, fmt::format("{} of class '{}' moves bytes with a TCP window of {:g} B (0: none), "
                                                 "{} with {:g} B; SimGrid caps every flow of a run with one window, "
                                                 "so all transfers of a scenario must use the same window",
                                                 what, job_class.name, w, first, *window));
    if (!window) {
      window = w;
      first  = what == "the training" ? "the training of class '" + job_class.name + "'" : what;
    }
  };
  for (const auto& job_class : scenario.workload.classes) {
    if (job_class.training)
      uses(job_class, job_class.training->where, "the training");
    for (const auto& stage : job_class.stages)
      if (stage.kind == StageKind::Transfer || stage.kind == StageKind::AllReduce ||
          stage.kind == StageKind::AllToAll)
        uses(job_class, stage.where, "stage '" + stage.name + "'");
  }
  return window.value_or(scenario.transfer.window);
}

} // namespace

World::World(const Scenario& scenario, const std::vector<std::string>& engine_args, RunRecords& records)
    : scenario_(scenario), records_(records)
{
  refuse_user_tcp_gamma(engine_args); // reported before the scenario's own window errors
  for (const auto& job_class : scenario.workload.classes)
    records_.class_names.push_back(job_class.name);
  engine_ = create_engine(engine_args_with_tcp_window(engine_args, window_for_run(scenario)), args_);
  load_platform();
  bind_roles();
  bind_tiers();
  // dcflow's own disks are in: seal, so that route queries see the routing SimGrid will use (3.32 answers
  // some of them wrongly before; Engine::run() would seal anyway).
  engine_->seal_platform();
  collect_links();
  check_routes();
  check_jobs_fit();
}

void World::load_platform()
{
  const std::string& file = scenario_.platform_file;
  platform_failures_ = load_platform_checked(*engine_, file, scenario_.platform_where);
  hosts_ = engine_->get_all_hosts();
  std::sort(hosts_.begin(), hosts_.end(),
            [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
  if (hosts_.empty())
    throw InputError(Location{file}, "the platform declares no host");
  gpus_ = GpuInventory(hosts_, file);
}

void World::bind_roles()
{
  for (const auto& role : scenario_.roles) {
    role_hosts_[role.name] = select_hosts(hosts_, role.selector, "role '" + role.name + "'");
    auto& index            = role_index_[role.name];
    for (std::size_t i = 0; i < role_hosts_[role.name].size(); ++i)
      index.emplace(role_hosts_[role.name][i], i);
  }
  for (std::size_t i = 0; i < pool().size(); ++i)
    pool_index_[pool()[i]] = i;
  const std::string& file = scenario_.platform_file;
  for (auto* h : pool())
    records_.pool.push_back(PoolHost{h->get_name(), h->get_speed() * h->get_core_count(),
                                     h->get_property("gpu") != nullptr, host_power(h, file)});
  for (auto* h : hosts_)
    if (!pool_index_.count(h))
      if (PowerFigures power = host_power(h, file); power.given)
        records_.other_hosts.push_back(HostPower{h->get_name(), power});
  for (const auto& role : scenario_.roles)
    records_.role_sizes.emplace_back(role.name, static_cast<int>(role_hosts_[role.name].size()));
  records_.cost       = scenario_.cost;
  records_.autoscaled = scenario_.autoscale.enabled;
}

void World::bind_tiers()
{
  for (std::size_t t = 0; t < scenario_.tiers.size(); ++t) {
    const StorageTier& tier = scenario_.tiers[t];
    const auto& tier_hosts  = role(tier.role);
    if (tier.kind == TierKind::Dfs && static_cast<std::size_t>(tier.dfs.replication) > tier_hosts.size())
      throw InputError(tier.dfs.replication_where.file.empty() ? tier.where : tier.dfs.replication_where,
                       fmt::format("tier '{}' keeps {} replicas of each block, but role '{}' has {} "
                                   "data node(s)",
                                   tier.name, tier.dfs.replication, tier.role, tier_hosts.size()));
    tier_node_index_.emplace_back();
    for (std::size_t i = 0; i < tier_hosts.size(); ++i)
      tier_node_index_.back()[tier_hosts[i]] = i;
    std::vector<int> disks;
    for (auto* host : tier.has_disks() ? tier_hosts : std::vector<sg4::Host*>{}) {
      sg4::Disk* disk = tier_disk(tier, host);
      disks.push_back(static_cast<int>(records_.disks.size()));
      disk_ptrs_.push_back(disk);
      records_.disks.push_back(DiskInfo{host->get_name() + ":" + disk->get_name(), disk->get_read_bandwidth(),
                                        disk->get_write_bandwidth(), static_cast<int>(t),
                                        disk_power(host, disk, scenario_.platform_file)});
    }
    tier_disks_.push_back(disks);
    records_.tiers.emplace_back(tier.name, tier.kind);
  }
}

// The disk of `tier` on `host`: created by dcflow when the tier says `disk: {read, write}`, else the host's
// disk of the tier's `disk:` name, else its first.
sg4::Disk* World::tier_disk(const StorageTier& tier, sg4::Host* host) const
{
  if (tier.create_disk)
    return host->create_disk("dcflow-" + tier.name, tier.read_bandwidth, tier.write_bandwidth)->seal();
  auto host_disks = host->get_disks();
  if (host_disks.empty())
    throw InputError(tier.where, "host '" + host->get_name() + "' of storage tier '" + tier.name +
                                     "' has no disk; declare <disk> in the platform or give the tier "
                                     "'disk: {read: ..., write: ...}'");
  if (tier.disk_name.empty())
    return host_disks.front();
  std::vector<std::string> disk_names;
  for (auto* d : host_disks) {
    disk_names.push_back(d->get_name());
    if (d->get_name() == tier.disk_name)
      return d;
  }
  std::string hint = did_you_mean(tier.disk_name, disk_names);
  throw InputError(tier.where, "host '" + host->get_name() + "' has no disk '" + tier.disk_name + "'" +
                                   (hint.empty() ? "; its disks are " + quoted_list(disk_names) : hint));
}

void World::collect_links()
{
  auto links = engine_->get_all_links();
  std::sort(links.begin(), links.end(),
            [](const sg4::Link* a, const sg4::Link* b) { return natural_less(a->get_name(), b->get_name()); });
  for (auto* link : links) {
    link_index_[link] = static_cast<int>(records_.links.size());
    records_.links.push_back(LinkInfo{link->get_name(), link->get_bandwidth(), link_fabric(*engine_, link),
                                      link_power(*engine_, link, scenario_.platform_file)});
  }
}

// A transfer between hosts without a route aborts SimGrid: check every pair a job can use up front (each
// source to the first and last destination, and the first source to every destination). Object and dfs tiers
// move bytes between their hosts and the compute pool (and, for dfs, among their data nodes).
void World::check_routes() const
{
  // Every host of `from` to the first and last of `to`, and the first of `from` to every host of `to`: a flow of
  // `subject` (at `where`) may go between any two of them.
  auto check_between = [&](const Location& where, const std::string& subject, const std::vector<sg4::Host*>& from,
                           const std::vector<sg4::Host*>& to, const std::string& what) {
    auto check = [&](sg4::Host* a, sg4::Host* b) {
      if (a == b)
        return;
      std::vector<sg4::Link*> links;
      std::string why;
      if (!find_route(a, b, links, nullptr, &why))
        throw InputError(where, subject + " " + what + " from '" + a->get_name() + "' to '" + b->get_name() +
                                    "', but the platform has no route between them (" + why + ")");
    };
    for (auto* a : from) {
      check(a, to.front());
      check(a, to.back());
    }
    for (auto* b : to)
      check(from.front(), b);
  };
  // The hosts that load a training job's batches and write its checkpoints: each pool GPU's node CPU host, or
  // the pool host itself.
  std::vector<sg4::Host*> feeders;
  for (sg4::Host* h : pool())
    feeders.push_back(feeding_host(h));
  auto check_tier = [&](const Location& where, const std::string& subject, int tier_index,
                        const std::vector<sg4::Host*>& users) {
    // The clients of an object or dfs tier: the users, or the hosts of a cache in front of it.
    const StorageTier* tier = &scenario_.tiers[static_cast<std::size_t>(tier_index)];
    const auto* clients     = &users;
    if (tier->cache()) {
      clients = &role(tier->role);
      tier    = &scenario_.tiers[static_cast<std::size_t>(tier->backing)];
    }
    const auto& tier_hosts = role(tier->role);
    std::string what       = "moves bytes of tier '" + tier->name + "'";
    if (tier->kind == TierKind::Object || tier->kind == TierKind::Dfs) {
      check_between(where, subject, tier_hosts, *clients, what);
      check_between(where, subject, *clients, tier_hosts, what);
      if (tier->kind == TierKind::Dfs)
        check_between(where, subject, tier_hosts, tier_hosts, what);
    } else if (&users == &feeders) { // a training job ships to and from a disk tier's host itself
      check_between(where, subject, tier_hosts, feeders, what);
      check_between(where, subject, feeders, tier_hosts, what);
    }
  };
  for (const auto& job_class : scenario_.workload.classes) {
    if (job_class.training) {
      const TrainingSpec& t = *job_class.training;
      std::string subject   = "the training of class '" + job_class.name + "'";
      if (job_class.hosts > 1)
        check_between(t.where, subject, pool(), pool(), "moves gradients");
      check_between(t.where, subject, feeders, pool(), "copies batches");
      if (t.input.tier >= 0)
        check_tier(t.where, subject, t.input.tier, feeders);
      if (t.checkpoint.tier >= 0)
        check_tier(t.checkpoint.where, subject, t.checkpoint.tier, feeders);
    }
    if (job_class.inference && job_class.inference->weights_tier >= 0) {
      std::string subject = "the weights of inference class '" + job_class.name + "'";
      check_between(job_class.inference->where, subject, feeders, pool(), "are copied to the GPUs");
      check_tier(job_class.inference->where, subject, job_class.inference->weights_tier, feeders);
    }
    if (job_class.inference && job_class.inference->ingest) {
      const RequestIngest& in = *job_class.inference->ingest;
      check_between(in.where, "the ingest of inference class '" + job_class.name + "'", role(in.from), role(in.to),
                    "ships request payloads");
    }
    for (const auto& stage : job_class.stages) {
      std::string subject = "stage '" + stage.name + "' of class '" + job_class.name + "'";
      if (stage.kind == StageKind::AllReduce || stage.kind == StageKind::AllToAll)
        check_between(stage.where, subject, pool(), pool(), "moves bytes between its hosts");
      else if (stage.kind == StageKind::Transfer)
        check_between(stage.where, subject, role(stage.transfer().from), role(stage.transfer().to), "transfers");
      else if (stage.kind == StageKind::Read || stage.kind == StageKind::Write)
        check_tier(stage.where, subject, stage.storage().tier, pool());
    }
  }
}

// Autoscaling fits the pool, and every class's jobs fit the hosts that can be on (and the policy's dispatch
// model). The policy's name was checked against the registry when the scenario was loaded.
void World::check_jobs_fit() const
{
  const PolicyInfo* policy = find_policy(scenario_.policy);
  if (!policy)
    throw std::logic_error("policy '" + scenario_.policy + "' is not registered (the loader accepts only those)");
  const AutoscaleSettings& autoscale = scenario_.autoscale;
  // An inference class autoscales replicas, not hosts: check_inference compares against them.
  bool serving = !scenario_.workload.classes.empty() && scenario_.workload.classes.front().inference;
  if (autoscale.enabled && !serving &&
      static_cast<std::size_t>(std::max(autoscale.max, autoscale.initial)) > pool().size())
    throw InputError(scenario_.autoscale_where,
                     fmt::format("autoscaling asks for up to {} hosts, but the compute pool has {}",
                                 std::max(autoscale.max, autoscale.initial), pool().size()));
  bool per_host = policy->model == DispatchModel::PerHostQueues;
  for (const auto& job_class : scenario_.workload.classes) {
    if (per_host && job_class.hosts > 1)
      throw InputError(job_class.where,
                       fmt::format("job class '{}' needs {} hosts, but policy '{}' routes each job to one host's "
                                   "queue; use a central-queue policy (fifo, sjf, easy_backfilling, ...)",
                                   job_class.name, job_class.hosts, scenario_.policy));
    if (static_cast<std::size_t>(job_class.hosts) > usable_pool_size())
      throw InputError(job_class.where, fmt::format("job class '{}' needs {} {}, but at most {} can be on",
                                                    job_class.name, job_class.hosts,
                                                    job_class.training ? "GPUs (its training's hosts)" : "hosts",
                                                    usable_pool_size()));
    if (job_class.training)
      check_model_fits(job_class);
    if (job_class.inference) {
      if (!per_host)
        throw InputError(scenario_.policy_where.file.empty() ? job_class.where : scenario_.policy_where,
                         fmt::format("inference class '{}' routes each request to a replica on arrival, but policy "
                                     "'{}' keeps a central queue; use a per-host-queue policy (round_robin, "
                                     "join_shortest_queue, least_connection, most_free_kv, ...)",
                                     job_class.name, scenario_.policy));
      check_inference(job_class);
    }
  }
  if (scenario_.policy == "most_free_kv" &&
      (scenario_.workload.classes.empty() || !scenario_.workload.classes.front().inference))
    throw InputError(scenario_.policy_where, "policy 'most_free_kv' routes inference requests by their replicas' free "
                                             "KV cache; this scenario has no inference class");
}

// An inference class's replicas: tensor_parallel GPUs of one node each (README "Inference serving"), each
// holding its weight shard in the HBM share it may use.
void World::check_inference(const JobClass& job_class) const
{
  const InferenceSpec& spec = *job_class.inference;
  std::map<int, int> per_node; // pool GPUs per node
  const GpuInfo* first = nullptr;
  for (sg4::Host* h : pool())
    if (auto g = gpus_.gpu_index(h)) {
      ++per_node[gpus_.gpus()[*g].node];
      if (!first)
        first = &gpus_.gpus()[*g];
    }
  if (!first)
    throw InputError(spec.where, fmt::format("inference class '{}' needs GPUs in the compute pool (hosts with a 'gpu' "
                                             "property, see README \"GPU nodes\"); the pool has none",
                                             job_class.name));
  int largest = 0, replicas = 0;
  for (const auto& [node, count] : per_node) {
    largest = std::max(largest, count);
    replicas += count / spec.tensor_parallel;
  }
  if (spec.tensor_parallel > largest)
    throw InputError(spec.tensor_parallel_where,
                     fmt::format("tensor_parallel {} is more than the {} GPU(s) of the compute pool on any one node "
                                 "(a replica's GPUs share a node's NVLink)",
                                 spec.tensor_parallel, largest));
  if (spec.replicas > replicas)
    throw InputError(spec.where, fmt::format("inference class '{}' asks for {} replicas, but the compute pool's GPUs "
                                             "form {} of {} GPU(s) each",
                                             job_class.name, spec.replicas, replicas, spec.tensor_parallel));
  const AutoscaleSettings& autoscale = scenario_.autoscale;
  int serving_replicas               = spec.replicas > 0 ? spec.replicas : replicas;
  if (autoscale.enabled && std::max(autoscale.max, autoscale.initial) > serving_replicas)
    throw InputError(scenario_.autoscale_where,
                     fmt::format("autoscaling asks for up to {} replicas, but inference class '{}' has {} (of {} "
                                 "GPU(s) each; the autoscaler counts replicas, not hosts)",
                                 std::max(autoscale.max, autoscale.initial), job_class.name, serving_replicas,
                                 spec.tensor_parallel));
  InferenceFigures f = inference_figures(spec);
  double per_gpu     = f.weight_bytes / spec.tensor_parallel;
  double usable      = first->hbm_bytes * spec.memory_fraction;
  if (per_gpu > usable)
    throw InputError(spec.where,
                     fmt::format("inference class '{}': the weights need {:.1f} GB per GPU ({:.3g} parameters x {:.3g} "
                                 "B over tensor_parallel {}), but GPU '{}' offers {:.1f} GB ({:.1f} GB HBM x "
                                 "memory_fraction {:g})",
                                 job_class.name, per_gpu / 1e9, f.parameters, f.weight_bytes / f.parameters,
                                 spec.tensor_parallel, first->host->get_name(), usable / 1e9, first->hbm_bytes / 1e9,
                                 spec.memory_fraction));
}

// A training job's model, gradients, optimizer state and activations must fit in each GPU's HBM.
void World::check_model_fits(const JobClass& job_class) const
{
  const TrainingSpec& spec = *job_class.training;
  TrainingFigures figures  = training_figures(spec);
  for (sg4::Host* h : pool()) {
    auto g = gpus_.gpu_index(h);
    if (!g)
      continue;
    const GpuInfo& gpu = gpus_.gpus()[*g];
    if (figures.hbm_bytes > gpu.hbm_bytes)
      throw InputError(spec.where,
                       fmt::format("job class '{}' needs {:.1f} GB of HBM per GPU ({:.3g} parameters x {:.3g} B for "
                                   "weights, gradients and optimizer state, plus {:.1f} GB of activations), but "
                                   "GPU '{}' has {:.1f} GB",
                                   job_class.name, figures.hbm_bytes / 1e9, figures.parameters,
                                   (figures.hbm_bytes - spec.model.activation_bytes * spec.batch) / figures.parameters,
                                   spec.model.activation_bytes * spec.batch / 1e9, h->get_name(),
                                   gpu.hbm_bytes / 1e9));
  }
}

sg4::Host* World::feeding_host(sg4::Host* host) const
{
  auto g = gpus_.gpu_index(host);
  return g ? gpus_.nodes()[static_cast<std::size_t>(gpus_.gpus()[*g].node)].cpu : host;
}

std::optional<std::size_t> World::pool_index(const sg4::Host* host) const
{
  auto it = pool_index_.find(host);
  return it == pool_index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::size_t World::usable_pool_size() const
{
  const AutoscaleSettings& autoscale = scenario_.autoscale;
  return autoscale.enabled && autoscale.max > 0 ? static_cast<std::size_t>(autoscale.max) : pool().size();
}

std::size_t World::serving_index(const std::string& role_name, std::int64_t id, sg4::Host* own) const
{
  if (role_name == "compute")
    return pool_index_.at(own);
  const auto& index = role_index_.at(role_name);
  if (auto it = index.find(own); it != index.end())
    return it->second;
  return static_cast<std::size_t>(id) % role(role_name).size();
}

sg4::Host* World::host_for(const std::string& role_name, std::int64_t id, sg4::Host* own) const
{
  return role(role_name)[serving_index(role_name, id, own)];
}

std::optional<std::size_t> World::tier_node(int tier, const sg4::Host* host) const
{
  const auto& index = tier_node_index_[static_cast<std::size_t>(tier)];
  auto it           = index.find(host);
  return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

int World::route_index(sg4::Host* src, sg4::Host* dst)
{
  if (host_number_.empty())
    for (std::size_t h = 0; h < hosts().size(); ++h)
      host_number_.emplace(hosts()[h], static_cast<std::uint32_t>(h));
  std::uint64_t key = (static_cast<std::uint64_t>(host_number_.at(src)) << 32) | host_number_.at(dst);
  auto it           = route_cache_.find(key);
  if (it != route_cache_.end())
    return it->second;
  std::vector<sg4::Link*> links;
  double latency = 0;
  find_route(src, dst, links, &latency); // check_routes made sure there is one
  std::vector<int> indices;
  for (auto* link : links)
    indices.push_back(link_index_.at(link));
  int index = static_cast<int>(records_.routes.size());
  records_.routes.push_back(indices);
  route_latency_.push_back(latency);
  route_cache_.emplace(key, index);
  return index;
}

} // namespace dcflow
