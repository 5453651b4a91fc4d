#include "sim/simulation.hpp"

#include "policy/autoscaler.hpp"
#include "policy/dispatcher.hpp"
#include "policy/policy.hpp"
#include "scenario/units.hpp"
#include "sim/engine_setup.hpp"
#include "sim/platform_graph.hpp"
#include "sim/routing.hpp"
#include "storage/block_placement.hpp"
#include "storage/lru_cache.hpp"
#include "storage/request_pacer.hpp"
#include "util/rng.hpp"
#include "util/strings.hpp"

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

namespace sg4 = simgrid::s4u;

namespace dcflow {

// SimGrid's clock cannot resolve smaller steps (sleeps below it are rounded away with a warning).
constexpr double kTimeResolution = 1e-9;

// The TCP window of every transfer in the scenario, which must be one value: SimGrid 3.32 applies its cap
// (network/TCP-gamma) to every flow alike.
double window_for_run(const Scenario& scenario)
{
  std::optional<double> window;
  const Stage* first = nullptr;
  for (const auto& job_class : scenario.workload.classes)
    for (const auto& stage : job_class.stages) {
      if (stage.kind != StageKind::Transfer)
        continue;
      double w = job_class.transfer ? job_class.transfer->window : scenario.transfer.window;
      if (window && *window != w)
        throw InputError(stage.where,
                         fmt::format("stage '{}' of class '{}' moves bytes with a TCP window of {:g} B (0: none), "
                                     "stage '{}' with {:g} B; SimGrid caps every flow of a run with one window, so "
                                     "all transfers of a scenario must use the same window",
                                     stage.name, job_class.name, w, first->name, *window));
      if (!window) {
        window = w;
        first  = &stage;
      }
    }
  return window.value_or(scenario.transfer.window);
}

class Simulation::Impl {
public:
  Impl(const Scenario& scenario, const std::vector<std::string>& engine_args) : scenario_(scenario)
  {
    // A TCP flow is capped at window / RTT by SimGrid's network/TCP-gamma, one value for every flow of the
    // run (3.32 cannot bound a host-to-host flow alone): 0 switches the cap off for udp and rdma.
    for (const auto& a : engine_args)
      if (a.rfind("--cfg=network/TCP-gamma:", 0) == 0)
        throw InputError(Location{"--cfg " + a.substr(6)},
                         "set the TCP window with 'transfer.window' (dcflow sets network/TCP-gamma from it)");
    std::vector<std::string> args{fmt::format("--cfg=network/TCP-gamma:{}", window_for_run(scenario))};
    args.insert(args.end(), engine_args.begin(), engine_args.end());
    engine_ = create_engine(args, args_);
    load_platform();
    bind_roles();
    bind_tiers();
    // dcflow's own disks are in: seal, so that route queries see the routing SimGrid will use (3.32 answers
    // some of them wrongly before; Engine::run() would seal anyway).
    engine_->seal_platform();
    collect_links();
    check_routes();
    if (!find_policy(scenario_.policy))
      throw InputError(scenario_.policy_where, "unknown policy '" + scenario_.policy + "'");
    const AutoscaleSettings& autoscale = scenario_.autoscale;
    if (autoscale.enabled && static_cast<std::size_t>(std::max(autoscale.max, autoscale.initial)) > pool().size())
      throw InputError(scenario_.autoscale_where,
                       fmt::format("autoscaling asks for up to {} hosts, but the compute pool has {}",
                                   std::max(autoscale.max, autoscale.initial), pool().size()));
    std::size_t usable =
        autoscale.enabled && autoscale.max > 0 ? static_cast<std::size_t>(autoscale.max) : pool().size();
    bool per_host = find_policy(scenario_.policy)->model == DispatchModel::PerHostQueues;
    for (const auto& job_class : scenario_.workload.classes) {
      if (per_host && job_class.hosts > 1)
        throw InputError(job_class.where,
                         fmt::format("job class '{}' needs {} hosts, but policy '{}' routes each job to one host's "
                                     "queue; use a central-queue policy (fifo, sjf, easy_backfilling, ...)",
                                     job_class.name, job_class.hosts, scenario_.policy));
      if (static_cast<std::size_t>(job_class.hosts) > usable)
        throw InputError(job_class.where, fmt::format("job class '{}' needs {} hosts, but at most {} can be on",
                                                      job_class.name, job_class.hosts, usable));
    }
    class_dependants_.resize(scenario_.workload.classes.size());
    for (std::size_t c = 0; c < scenario_.workload.classes.size(); ++c) {
      const auto& stages = scenario_.workload.classes[c].stages;
      class_dependants_[c].resize(stages.size());
      for (std::size_t s = 0; s < stages.size(); ++s)
        for (int d : stages[s].after)
          class_dependants_[c][d].push_back(static_cast<int>(s));
    }
  }

  // ---- setup -------------------------------------------------------------------------------------------
  void load_platform()
  {
    const std::string& file = scenario_.platform_file;
    load_platform_checked(*engine_, file, scenario_.platform_where);
    hosts_ = engine_->get_all_hosts();
    std::sort(hosts_.begin(), hosts_.end(),
              [](const sg4::Host* a, const sg4::Host* b) { return natural_less(a->get_name(), b->get_name()); });
    if (hosts_.empty())
      throw InputError(Location{file}, "the platform declares no host");
  }

  void bind_roles()
  {
    for (const auto& role : scenario_.roles)
      role_hosts_[role.name] = select_hosts(hosts_, role.selector, "role '" + role.name + "'");
    for (std::size_t i = 0; i < pool().size(); ++i)
      pool_index_[pool()[i]] = static_cast<int>(i);
  }

  void bind_tiers()
  {
    for (std::size_t t = 0; t < scenario_.tiers.size(); ++t) {
      const StorageTier& tier = scenario_.tiers[t];
      const auto& tier_hosts  = role_hosts_.at(tier.role);
      if (tier.kind == TierKind::Dfs && static_cast<std::size_t>(tier.dfs.replication) > tier_hosts.size())
        throw InputError(tier.dfs.replication_where.file.empty() ? tier.where : tier.dfs.replication_where,
                         fmt::format("tier '{}' keeps {} replicas of each block, but role '{}' has {} "
                                     "data node(s)",
                                     tier.name, tier.dfs.replication, tier.role, tier_hosts.size()));
      pacers_.push_back({RequestPacer(tier.object.read_request_rate), RequestPacer(tier.object.write_request_rate)});
      tier_node_index_.emplace_back();
      dfs_writers_.emplace_back();
      for (std::size_t i = 0; i < tier_hosts.size(); ++i)
        tier_node_index_.back()[tier_hosts[i]] = i;
      std::vector<int> disks;
      for (auto* host : tier.has_disks() ? tier_hosts : std::vector<sg4::Host*>{}) {
        sg4::Disk* disk = nullptr;
        if (tier.create_disk) {
          disk = host->create_disk("dcflow-" + tier.name, tier.read_bandwidth, tier.write_bandwidth)->seal();
        } else {
          auto host_disks = host->get_disks();
          if (host_disks.empty())
            throw InputError(tier.where, "host '" + host->get_name() + "' of storage tier '" + tier.name +
                                             "' has no disk; declare <disk> in the platform or give the tier "
                                             "'disk: {read: ..., write: ...}'");
          if (tier.disk_name.empty()) {
            disk = host_disks.front();
          } else {
            std::vector<std::string> disk_names;
            for (auto* d : host_disks) {
              disk_names.push_back(d->get_name());
              if (d->get_name() == tier.disk_name)
                disk = d;
            }
            if (!disk) {
              std::string hint = did_you_mean(tier.disk_name, disk_names);
              throw InputError(tier.where, "host '" + host->get_name() + "' has no disk '" + tier.disk_name + "'" +
                                               (hint.empty() ? "; its disks are " + quoted_list(disk_names) : hint));
            }
          }
        }
        disks.push_back(static_cast<int>(records_.disks.size()));
        disk_ptrs_.push_back(disk);
        records_.disks.push_back(DiskInfo{host->get_name() + ":" + disk->get_name(), disk->get_read_bandwidth(),
                                          disk->get_write_bandwidth(), static_cast<int>(t)});
      }
      tier_disks_.push_back(disks);
      records_.tiers.emplace_back(tier.name, tier.kind);
      caches_.emplace_back();
      if (tier.cache()) {
        cache_index_[static_cast<int>(t)] = static_cast<int>(records_.caches.size());
        records_.caches.push_back(CacheRecord{tier.name});
        caches_.back().assign(disks.size(), LruCache(tier.capacity));
      }
    }
  }

  void collect_links()
  {
    auto links = engine_->get_all_links();
    std::sort(links.begin(), links.end(),
              [](const sg4::Link* a, const sg4::Link* b) { return natural_less(a->get_name(), b->get_name()); });
    for (auto* link : links) {
      link_index_[link] = static_cast<int>(records_.links.size());
      records_.links.push_back(LinkInfo{link->get_name(), link->get_bandwidth()});
    }
  }

  // A transfer between hosts without a route aborts SimGrid: check every pair a job can use up front
  // (each source to the first and last destination, and the first source to every destination). Object and
  // dfs tiers move bytes between their hosts and the compute pool (and, for dfs, among their data nodes).
  void check_routes()
  {
    for (const auto& job_class : scenario_.workload.classes)
      for (const auto& stage : job_class.stages) {
        auto check_between = [&](const std::vector<sg4::Host*>& from, const std::vector<sg4::Host*>& to,
                                 const std::string& what) {
          auto check = [&](sg4::Host* a, sg4::Host* b) {
            if (a == b)
              return;
            std::vector<sg4::Link*> links;
            std::string why;
            if (!find_route(a, b, links, nullptr, &why))
              throw InputError(stage.where, "stage '" + stage.name + "' of class '" + job_class.name + "' " + what +
                                                " from '" + a->get_name() + "' to '" + b->get_name() +
                                                "', but the platform has no route between them (" + why + ")");
          };
          for (auto* a : from) {
            check(a, to.front());
            check(a, to.back());
          }
          for (auto* b : to)
            check(from.front(), b);
        };
        if (stage.kind == StageKind::Transfer) {
          check_between(role_hosts_.at(stage.from), role_hosts_.at(stage.to), "transfers");
        } else if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
          // The clients of an object or dfs tier: the compute pool, or the hosts of a cache in front of it.
          const StorageTier* tier = &scenario_.tiers[stage.tier];
          const auto* clients     = &pool();
          if (tier->cache()) {
            clients = &role_hosts_.at(tier->role);
            tier    = &scenario_.tiers[tier->backing];
          }
          if (tier->kind != TierKind::Object && tier->kind != TierKind::Dfs)
            continue;
          const auto& tier_hosts = role_hosts_.at(tier->role);
          std::string what       = "moves bytes of tier '" + tier->name + "'";
          check_between(tier_hosts, *clients, what);
          check_between(*clients, tier_hosts, what);
          if (tier->kind == TierKind::Dfs)
            check_between(tier_hosts, tier_hosts, what);
        }
      }
  }

  const std::vector<sg4::Host*>& pool() const { return role_hosts_.at("compute"); }

  // Index, among `role`'s hosts, of the host serving job `id`: its own host `own` (a compute host) for the
  // compute role, else id mod n.
  std::size_t serving_index(const std::string& role, std::int64_t id, sg4::Host* own) const
  {
    if (role == "compute")
      return static_cast<std::size_t>(pool_index_.at(own));
    return static_cast<std::size_t>(id) % role_hosts_.at(role).size();
  }

  sg4::Host* host_for(const std::string& role, std::int64_t id, sg4::Host* own) const
  {
    return role_hosts_.at(role)[serving_index(role, id, own)];
  }

  int route_index(sg4::Host* src, sg4::Host* dst)
  {
    auto key = std::make_pair(src, dst);
    auto it  = route_cache_.find(key);
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

  // ---- describe / analytic -----------------------------------------------------------------------------
  std::string describe() const
  {
    std::string out = fmt::format("scenario '{}' is valid\n", scenario_.name);
    // SimGrid's own __loopback__ link (a host talking to itself) is not part of the platform file.
    auto platform_links = std::count_if(records_.links.begin(), records_.links.end(),
                                        [](const LinkInfo& l) { return l.name != "__loopback__"; });
    out += fmt::format("  platform   {}: {} hosts, {} links\n", scenario_.platform_file, hosts_.size(), platform_links);
    for (const auto& role : scenario_.roles) {
      const auto& hosts = role_hosts_.at(role.name);
      double flops      = 0;
      for (auto* h : hosts)
        flops += h->get_speed() * h->get_core_count();
      std::string which = hosts.size() == 1 ? fmt::format("1 host ({})", hosts.front()->get_name())
                                            : fmt::format("{} hosts ({} .. {})", hosts.size(),
                                                          hosts.front()->get_name(), hosts.back()->get_name());
      out += fmt::format("  role       {}: {}, {}, {:.3f} Tflops in all\n", role.name, which, role.selector.describe(),
                         flops / 1e12);
    }
    for (std::size_t t = 0; t < scenario_.tiers.size(); ++t) {
      const auto& tier = scenario_.tiers[t];
      double read = 0, write = 0;
      for (int d : tier_disks_[t]) {
        read += records_.disks[d].read_bandwidth;
        write += records_.disks[d].write_bandwidth;
      }
      auto per_s = [](double rate) { return rate > 0 ? fmt::format("{:g}/s", rate) : std::string("unlimited"); };
      if (tier.kind == TierKind::Object) {
        const ObjectStoreSettings& o = tier.object;
        out += fmt::format("  storage    {}: object store on role '{}' ({} host(s)), first byte {:g} s, requests of "
                           "{}, {} connection(s) per stage at {}, GET {}, PUT {}\n",
                           tier.name, tier.role, role_hosts_.at(tier.role).size(), o.first_byte_latency,
                           format_bytes(o.request_size), o.connections,
                           o.connection_bandwidth > 0 ? fmt::format("{:.3f} GB/s", o.connection_bandwidth / 1e9)
                                                      : std::string("no cap"),
                           per_s(o.read_request_rate), per_s(o.write_request_rate));
        continue;
      }
      std::string kind =
          tier.kind == TierKind::Cache ? fmt::format("cache of {} per host in front of '{}', ",
                                                     format_bytes(tier.capacity), scenario_.tiers[tier.backing].name)
          : tier.kind == TierKind::Dfs
              ? fmt::format("dfs, blocks of {}, {} replica(s), {} placement, ", format_bytes(tier.dfs.block_size),
                            tier.dfs.replication, tier.dfs.placement == Placement::Writer ? "writer" : "spread")
              : std::string();
      out += fmt::format("  storage    {}: {}{} disk(s) on role '{}'{}, read {:.3f} GB/s, write {:.3f} GB/s in all\n",
                         tier.name, kind, tier_disks_[t].size(), tier.role,
                         tier.create_disk ? " (created by dcflow)" : "", read / 1e9, write / 1e9);
    }
    const TransferSettings& t = scenario_.transfer;
    out += fmt::format("  transfer   {} pipe(s) per transfer, {}{}{}\n", t.pipes, to_string(t.protocol),
                       t.window > 0 ? fmt::format(", window {:g} B", t.window) : std::string(),
                       t.compression ? ", compression " + t.compression->codec : std::string());
    const auto& w       = scenario_.workload;
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
    out += fmt::format("  scheduling {}\n", scenario_.policy);
    return out;
  }

  AnalyticInputs analytic_inputs() const
  {
    AnalyticInputs in;
    in.pipes   = scenario_.transfer.pipes;
    in.s_sched = scenario_.s_sched;
    for (auto* h : pool())
      in.compute_flops += h->get_speed() * h->get_core_count();
    in.tcp_gamma_bytes = scenario_.transfer.window;

    // The first transfer and first read stages (in class order) define v_transfer and C_storage.
    const Stage* transfer = nullptr;
    const Stage* read     = nullptr;
    double weighted_flops = 0, weighted_bytes = 0;
    for (const auto& c : scenario_.workload.classes) {
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
            const TransferSettings& t = c.transfer ? *c.transfer : scenario_.transfer;
            in.pipes                  = t.pipes;
            in.tcp_gamma_bytes        = t.window;
          }
        }
      }
      weighted_flops += c.weight * flops;
      weighted_bytes += c.weight * (reads > 0 ? reads : std::max(0.0, first_transfer));
    }
    in.flops_per_input_byte = weighted_bytes > 0 ? weighted_flops / weighted_bytes : 0;
    if (transfer) {
      sg4::Host* src = role_hosts_.at(transfer->from).front();
      sg4::Host* dst = role_hosts_.at(transfer->to).front();
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
        MaxFlowReport flow = maxflow_between(role_hosts_.at(transfer->from), role_hosts_.at(transfer->to));
        in.has_maxflow     = flow.routes > 0;
        in.maxflow_Bps     = flow.bound_Bps;
      }
    }
    if (read) {
      in.has_storage          = true;
      const StorageTier& tier = scenario_.tiers[read->tier];
      for (int d : tier_disks_[read->tier])
        in.storage_read_Bps += records_.disks[d].read_bandwidth;
      if (tier.kind == TierKind::Object) {
        // An object store has no disk: what it can deliver to the pool.
        const ObjectStoreSettings& o = tier.object;
        MaxFlowReport flow           = maxflow_between(role_hosts_.at(tier.role), pool());
        in.storage_read_Bps =
            object_store_read_Bps(o.read_request_rate, o.request_size, o.connections, o.connection_bandwidth,
                                  static_cast<double>(pool().size()), flow.routes > 0 ? flow.bound_Bps : 0);
      }
    }
    return in;
  }

  // ---- running -----------------------------------------------------------------------------------------
  RunRecords run(const std::vector<JobSpec>& jobs)
  {
    jobs_ = &jobs;
    // Trace jobs come with their own sizes: check them against what can be powered on.
    const AutoscaleSettings& scaling = scenario_.autoscale;
    std::size_t usable  = scaling.enabled && scaling.max > 0 ? static_cast<std::size_t>(scaling.max) : pool().size();
    std::size_t too_big = 0, largest = 0;
    for (const auto& j : jobs)
      if (static_cast<std::size_t>(j.hosts_needed) > usable) {
        ++too_big;
        largest = std::max(largest, static_cast<std::size_t>(j.hosts_needed));
      }
    if (too_big > 0)
      throw InputError(scenario_.workload.trace ? scenario_.workload.trace->where : scenario_.workload.where,
                       fmt::format("{} job(s) need more hosts than the {} the compute pool can use (the largest "
                                   "needs {}); use a larger platform or 'workload.jobs' to replay fewer",
                                   too_big, usable, largest));
    records_.pool.clear();
    for (auto* h : pool())
      records_.pool.push_back(PoolHost{h->get_name(), h->get_speed() * h->get_core_count()});
    dispatcher_ = std::make_unique<Dispatcher>(
        pool().size(), make_policy(scenario_.policy, stream_seed(scenario_.seed, Stream::Policy)));
    dispatcher_->set_data_locator([this](const QueuedJob& q) { return data_hosts_now(q); });
    std::int64_t max_id = 0;
    for (const auto& j : jobs)
      max_id = std::max(max_id, j.id);
    index_of_id_.assign(static_cast<std::size_t>(max_id) + 1, 0);
    records_.jobs.assign(jobs.size(), JobRecord{});
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      index_of_id_[static_cast<std::size_t>(jobs[i].id)] = i;
      JobRecord& rec                                     = records_.jobs[i];
      rec.id                                             = jobs[i].id;
      rec.job_class                                      = jobs[i].job_class;
      rec.submit                                         = jobs[i].submit;
      const JobClass& c                                  = scenario_.workload.classes[jobs[i].job_class];
      rec.bytes                                          = input_bytes(c, jobs[i]);
      for (std::size_t s = 0; s < c.stages.size(); ++s)
        if (c.stages[s].kind == StageKind::Compute)
          rec.flops += jobs[i].amounts[s];
    }
    records_.activities.reserve(jobs.size() * 3);
    power_.assign(pool().size(), PowerState::Active);
    idle_since_.assign(pool().size(), 0.0);
    power_record_.assign(pool().size(), -1);
    const AutoscaleSettings& autoscale = scenario_.autoscale;
    for (std::size_t h = 0; h < pool().size(); ++h) {
      if (autoscale.enabled && h >= static_cast<std::size_t>(autoscale.initial)) {
        power_[h] = PowerState::Off;
        dispatcher_->set_active(h, false);
      } else {
        power_record_[h] = static_cast<int>(records_.power.size());
        records_.power.push_back(PowerInterval{static_cast<int>(h), 0, 0, -1});
      }
    }
    sg4::Actor::create("submitter", hosts_.front(), [this] { submit_all(); });
    if (autoscale.enabled)
      sg4::Actor::create("autoscaler", hosts_.front(), [this] { autoscale_loop(); });
    engine_->run();
    records_.simulated_time = sg4::Engine::get_clock();
    for (auto& interval : records_.power)
      if (interval.off < 0)
        interval.off = records_.simulated_time;
    std::sort(records_.jobs.begin(), records_.jobs.end(),
              [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });
    return std::move(records_);
  }

  void submit_all()
  {
    const auto& jobs = *jobs_;
    std::size_t i    = 0;
    while (i < jobs.size()) {
      double t = jobs[i].submit;
      if (t > sg4::Engine::get_clock() + kTimeResolution)
        sg4::this_actor::sleep_until(t);
      // Submit every job of this instant before scheduling, so the policy sees them together. Arrivals
      // closer than SimGrid's time resolution count as simultaneous.
      dispatcher_->set_now(sg4::Engine::get_clock());
      for (; i < jobs.size() && jobs[i].submit <= t + kTimeResolution; ++i)
        dispatcher_->submit(queued_job(jobs[i]));
      dispatch();
    }
  }

  // What the policy sees of a job: its size and estimate (where its data is: data_hosts_now, when asked).
  QueuedJob queued_job(const JobSpec& job) const
  {
    const JobClass& job_class = scenario_.workload.classes[job.job_class];
    QueuedJob q;
    q.id           = job.id;
    q.submit       = job.submit;
    q.job_class    = job.job_class;
    q.hosts_needed = job.hosts_needed;
    q.estimate     = job.estimate;
    if (q.estimate <= 0) {
      // Default estimate: the job's compute time on its hosts (I/O not counted).
      double flops = 0;
      for (std::size_t s = 0; s < job_class.stages.size(); ++s)
        if (job_class.stages[s].kind == StageKind::Compute)
          flops += job.amounts[s];
      q.estimate = flops / (records_.pool.front().peak_flops * job.hosts_needed);
    }
    return q;
  }

  // The pool hosts holding a queued job's input data now, most first: for each read stage, the hosts with
  // its dfs blocks (by bytes held), the compute hosts whose cache holds its object, or the host of a disk
  // or cache tier on another role when that host is also a compute host. Object tiers are equally far from
  // every host; a disk tier on the compute role is local wherever the job runs.
  std::vector<std::size_t> data_hosts_now(const QueuedJob& q) const
  {
    const JobSpec& job        = (*jobs_)[index_of_id_[static_cast<std::size_t>(q.id)]];
    const JobClass& job_class = scenario_.workload.classes[job.job_class];
    std::vector<std::size_t> hosts;
    for (std::size_t s = 0; s < job_class.stages.size(); ++s) {
      const Stage& stage = job_class.stages[s];
      if (stage.kind != StageKind::Read)
        continue;
      const StorageTier& tier = scenario_.tiers[stage.tier];
      if (tier.kind == TierKind::Object)
        continue;
      if (tier.kind == TierKind::Dfs) {
        dfs_data_hosts(job, s, hosts);
        continue;
      }
      if (tier.role == "compute") {
        if (tier.cache())
          for (std::size_t h = 0; h < caches_[stage.tier].size(); ++h)
            if (caches_[stage.tier][h].contains(job.objects[s]))
              hosts.push_back(h);
        continue;
      }
      auto it = pool_index_.find(host_for(tier.role, job.id, nullptr));
      if (it != pool_index_.end())
        hosts.push_back(static_cast<std::size_t>(it->second));
    }
    return hosts;
  }

  // The identity of what stage s of a job reads or writes: its object when the stage has `objects`, else
  // the job's own.
  static std::int64_t object_of(const JobSpec& job, std::size_t s)
  {
    return s < job.objects.size() && job.objects[s] >= 0 ? job.objects[s] : job.id;
  }

  // The compute hosts holding replicas of a dfs read's blocks, most bytes first (ties: lower index).
  void dfs_data_hosts(const JobSpec& job, std::size_t s, std::vector<std::size_t>& out) const
  {
    const Stage& stage      = scenario_.workload.classes[job.job_class].stages[s];
    const StorageTier& tier = scenario_.tiers[stage.tier];
    const auto& nodes       = role_hosts_.at(tier.role);
    double amount           = job.amounts[s];
    std::map<std::size_t, double> bytes; // pool index -> bytes of replicas there
    std::int64_t blocks = piece_count(amount, tier.dfs.block_size);
    for (std::int64_t b = 0; b < blocks; ++b)
      for (std::size_t node : dfs_replicas(stage.tier, object_of(job, s), b)) {
        auto it = pool_index_.find(nodes[node]);
        if (it != pool_index_.end())
          bytes[static_cast<std::size_t>(it->second)] += piece_bytes(amount, tier.dfs.block_size, b);
      }
    std::vector<std::pair<std::size_t, double>> ranked(bytes.begin(), bytes.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [host, held] : ranked)
      out.push_back(host);
  }

  // The autoscaler runs as a daemon: it dies with the last job, so it never prolongs the run.
  void autoscale_loop()
  {
    sg4::Actor::self()->daemonize();
    Autoscaler autoscaler(scenario_.autoscale);
    for (;;) {
      double now = sg4::Engine::get_clock();
      PoolState state;
      state.now        = now;
      state.power      = power_;
      state.idle_since = idle_since_;
      state.queued     = dispatcher_->queued_total();
      state.busy.resize(power_.size());
      for (std::size_t h = 0; h < power_.size(); ++h)
        state.busy[h] = dispatcher_->running_count(h) > 0;
      ScaleAction action = autoscaler.decide(state);
      if (!action.switch_on.empty())
        ++records_.scale_out_events;
      if (!action.switch_off.empty())
        ++records_.scale_in_events;
      for (std::size_t h : action.switch_off) {
        power_[h] = PowerState::Off;
        dispatcher_->set_active(h, false);
        records_.power[power_record_[h]].off = now;
        power_record_[h]                     = -1;
      }
      for (std::size_t h : action.switch_on) {
        power_[h]        = PowerState::Booting;
        power_record_[h] = static_cast<int>(records_.power.size());
        records_.power.push_back(PowerInterval{static_cast<int>(h), now, now + scenario_.autoscale.boot_time, -1});
        sg4::Actor::create("boot-" + records_.pool[h].name, pool()[h], [this, h] {
          sg4::Actor::self()->daemonize();
          sg4::this_actor::sleep_for(scenario_.autoscale.boot_time);
          power_[h]      = PowerState::Active;
          idle_since_[h] = sg4::Engine::get_clock();
          dispatcher_->set_active(h, true);
          dispatch();
        });
      }
      sg4::this_actor::sleep_for(scenario_.autoscale.interval);
    }
  }

  // Starts what the dispatcher decided. Actor creation is a simcall during which other actors may run
  // (and dispatch): the dispatcher's state is already settled when the first actor is created.
  void dispatch()
  {
    dispatcher_->set_now(sg4::Engine::get_clock());
    for (auto& start : dispatcher_->dispatch())
      start_job(index_of_id_[static_cast<std::size_t>(start.id)], start.hosts);
  }

  void start_job(std::size_t index, const std::vector<std::size_t>& hosts)
  {
    JobRecord& rec = records_.jobs[index];
    rec.start      = std::max(sg4::Engine::get_clock(), rec.submit); // never before submission (see kTimeResolution)
    for (std::size_t h : hosts)
      rec.hosts.push_back(static_cast<int>(h));
    std::vector<sg4::Host*> job_hosts;
    for (std::size_t h : hosts)
      job_hosts.push_back(pool()[h]);
    // One short-lived actor per job, created at dispatch: long-lived actors accumulate activities.
    sg4::Actor::create("job-" + std::to_string(rec.id), job_hosts.front(),
                       [this, index, job_hosts] { run_job(index, job_hosts); });
  }

  // One stage of a running job. A stage runs as a sequence of steps, each either a delay or a set of
  // concurrent activities: read, write and compute have one step; a transfer has set-up, compression, the
  // flows on the wire (with the protocol's CPU work on both ends) and decompression.
  enum class Step { Activities, Setup, Compress, Wire, Decompress, BackingRead, CacheWrite, Requests, Block };
  struct StageState {
    std::vector<Step> steps;
    int step                         = -1;
    int left                         = 0;  // activities of the current step still running
    double resume_at                 = -1; // end of a delay step
    double started                   = 0;
    int resource                     = -1;
    int wire_route                   = -1; // route of a cache fill's transfer
    sg4::Host* src                   = nullptr;
    sg4::Host* dst                   = nullptr;
    const TransferSettings* transfer = nullptr;
    double wire_bytes = 0, wire_start = 0, wire_end = 0;
    // A read that missed a cache tier: read from the backing tier, ship to the cache host, write there.
    LruCache* cache     = nullptr;
    std::int64_t object = -1;
    int backing_disk    = -1;
    int cache_disk      = -1;
    double fill_start   = 0;
    // Object and dfs tiers: the stage is cut into pieces (requests or blocks) moved to or from `client`.
    struct Connection {
      sg4::Mailbox* mailbox = nullptr;
      std::int64_t next     = 0; // the request this connection is moving
    };
    int io_tier         = -1;   // the object or dfs tier moving them (a cache miss: the backing tier)
    bool io_read        = true; // from the tier to the client, else from the client to the tier
    sg4::Host* client   = nullptr;
    std::int64_t pieces = 0;
    double piece        = 0; // bytes per piece (the last may be smaller)
    std::vector<Connection> connections;
    std::optional<std::size_t> writer; // dfs write: the client's data-node index, for the writer placement
    std::int64_t block = -1;           // dfs: the block of the current step
    double block_start = 0, block_bytes = 0;
    double local_bytes = 0;                     // dfs read: bytes from the client's own replicas
    std::vector<int> block_routes, block_disks; // dfs: the current block's network hops and disks
  };

  // A running activity's stage, and for an object request its connection (else -1).
  struct Waiting {
    int stage;
    int conn;
  };

  void run_job(std::size_t index, const std::vector<sg4::Host*>& hosts)
  {
    const JobSpec& job        = (*jobs_)[index];
    const JobClass& job_class = scenario_.workload.classes[job.job_class];
    const auto& dependants    = class_dependants_[job.job_class];
    const std::size_t n       = job_class.stages.size();

    std::vector<int> missing(n);
    std::vector<StageState> state(n);
    std::vector<sg4::ActivityPtr> running;
    std::vector<Waiting> running_stage;
    std::vector<int> ready;
    std::vector<int> delayed;
    for (std::size_t s = 0; s < n; ++s) {
      missing[s] = static_cast<int>(job_class.stages[s].after.size());
      if (missing[s] == 0)
        ready.push_back(static_cast<int>(s));
    }
    std::size_t done = 0;
    auto finish      = [&](int s) {
      const Stage& stage   = job_class.stages[s];
      const StageState& st = state[s];
      ActivityRecord record{stage.kind, st.started, sg4::Engine::get_clock(), job.amounts[s], st.resource};
      if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
        // The tier that served it: a cache miss's bytes came from the backing tier's disk.
        record.tier = st.io_tier >= 0 ? st.io_tier : st.resource >= 0 ? records_.disks[st.resource].tier : stage.tier;
        record.requests    = st.pieces;
        record.local_bytes = st.local_bytes;
      }
      if (stage.kind == StageKind::Transfer) {
        record.wire_bytes = st.wire_bytes;
        record.wire_start = st.wire_start;
        record.wire_end   = st.wire_end;
      }
      records_.activities.push_back(record);
      if (st.wire_route >= 0) // a cache fill crossed the network: account its bytes on the links
        record_wire(st.wire_route, st.wire_bytes, st.wire_start, st.wire_end);
      if (st.cache && stage.kind == StageKind::Read) // a miss's fill: the cache disk's write
        records_.side_work.push_back(
                 ActivityRecord{StageKind::Write, st.fill_start, sg4::Engine::get_clock(), job.amounts[s], st.cache_disk});
      if (st.cache) {
        CacheRecord& stats  = records_.caches[cache_index_.at(stage.tier)];
        std::int64_t before = st.cache->evictions();
        if (!st.cache->insert(st.object, job.amounts[s]))
          ++stats.bypassed;
        stats.evictions += st.cache->evictions() - before;
      }
      ++done;
      for (int d : dependants[s])
        if (--missing[d] == 0)
          ready.push_back(d);
    };
    // Moves stage s to its next step with work to do, or finishes it.
    auto advance = [&](int s) {
      StageState& st = state[s];
      for (;;) {
        if (++st.step >= static_cast<int>(st.steps.size())) {
          finish(s);
          return;
        }
        if (st.steps[st.step] == Step::Setup) {
          st.resume_at = sg4::Engine::get_clock() + st.transfer->setup;
          delayed.push_back(s);
          return;
        }
        st.left = start_step(job, job_class.stages[s], job.amounts[s], hosts, st, running, running_stage, s);
        if (st.left > 0)
          return;
      }
    };
    for (;;) {
      while (!ready.empty()) {
        int s = ready.back();
        ready.pop_back();
        state[s].started = sg4::Engine::get_clock();
        plan_stage(job, job_class.stages[s], job_class, hosts.front(), state[s], s);
        advance(s);
      }
      if (running.empty() && delayed.empty())
        break;
      double wake = -1; // the earliest end of a delay step
      for (int s : delayed)
        wake = wake < 0 ? state[s].resume_at : std::min(wake, state[s].resume_at);
      ssize_t i = -1;
      if (running.empty()) {
        sg4::this_actor::sleep_until(wake);
      } else if (!delayed.empty()) {
        i = sg4::Activity::wait_any_for(running, std::max(0.0, wake - sg4::Engine::get_clock()));
      } else if (running.size() == 1) {
        running.front()->wait();
        i = 0;
      } else {
        i = sg4::Activity::wait_any(running);
      }
      if (i >= 0 && static_cast<std::size_t>(i) < running.size()) {
        auto [s, conn] = running_stage[i];
        running.erase(running.begin() + i);
        running_stage.erase(running_stage.begin() + i);
        StageState& st = state[s];
        if (conn >= 0) { // an object request ended: the connection moves on to its next one, if any
          auto& c = st.connections[conn];
          c.next += static_cast<std::int64_t>(st.connections.size());
          if (c.next < st.pieces) {
            running.push_back(post_request(job.amounts[s], st, c));
            running_stage.push_back({s, conn});
            continue;
          }
          free_mailboxes_.push_back(c.mailbox);
        }
        if (--st.left == 0) {
          if (st.steps[st.step] == Step::Wire)
            st.wire_end = sg4::Engine::get_clock();
          if (st.steps[st.step] == Step::Block)
            record_block(st);
          advance(s);
        }
      } else {
        double now = sg4::Engine::get_clock();
        std::vector<int> due;
        for (auto it = delayed.begin(); it != delayed.end();)
          if (state[*it].resume_at <= now + kTimeResolution) {
            due.push_back(*it);
            it = delayed.erase(it);
          } else {
            ++it;
          }
        for (int s : due)
          advance(s);
      }
    }
    JobRecord& rec = records_.jobs[index];
    rec.end        = sg4::Engine::get_clock();
    rec.status     = done == n ? JobStatus::Completed : JobStatus::Failed;
    dispatcher_->finish(rec.id);
    for (int h : rec.hosts)
      idle_since_[static_cast<std::size_t>(h)] = rec.end;
    // Let every job ending at this instant release its hosts before anyone dispatches: otherwise the
    // hosts handed out would depend on the engine's wake-up order, not on the policy.
    sg4::this_actor::yield();
    dispatch();
  }

  // Decides a stage's steps and, for a transfer, its endpoints and settings.
  void plan_stage(const JobSpec& job, const Stage& stage, const JobClass& job_class, sg4::Host* host, StageState& st,
                  int s)
  {
    st.steps.clear();
    st.step = -1;
    if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
      const StorageTier& tier = scenario_.tiers[stage.tier];
      switch (tier.kind) {
      case TierKind::Cache:
        plan_cache_stage(job, stage, job_class, host, st, s);
        return;
      case TierKind::Object:
      case TierKind::Dfs:
        plan_tier_io(stage.tier, stage.kind == StageKind::Read, job.amounts[s], host, st);
        return;
      case TierKind::Disk:
        break;
      }
    }
    if (stage.kind != StageKind::Transfer) {
      st.steps.push_back(Step::Activities);
      return;
    }
    st.transfer = job_class.transfer ? &*job_class.transfer : &scenario_.transfer;
    st.src      = host_for(stage.from, job.id, host);
    st.dst      = host_for(stage.to, job.id, host);
    if (st.src == st.dst) {
      st.resource = -1; // same host: nothing crosses the network, nothing to compress
      return;
    }
    st.resource = route_index(st.src, st.dst);
    if (st.transfer->setup > 0)
      st.steps.push_back(Step::Setup);
    if (st.transfer->compression)
      st.steps.push_back(Step::Compress);
    st.steps.push_back(Step::Wire);
    if (st.transfer->compression)
      st.steps.push_back(Step::Decompress);
  }

  // Steps that move `amount` bytes between `client` and object or dfs tier t: one Requests step, or one
  // Block step per block.
  void plan_tier_io(int t, bool read, double amount, sg4::Host* client, StageState& st)
  {
    const StorageTier& tier = scenario_.tiers[t];
    st.io_tier              = t;
    st.io_read              = read;
    st.client               = client;
    if (tier.kind == TierKind::Object) {
      st.piece  = tier.object.request_size;
      st.pieces = piece_count(amount, st.piece);
      st.steps.push_back(Step::Requests);
      return;
    }
    st.piece  = tier.dfs.block_size;
    st.pieces = piece_count(amount, st.piece);
    st.block  = -1;
    st.writer.reset();
    auto it = tier_node_index_[t].find(client);
    if (!read && tier.dfs.placement == Placement::Writer && it != tier_node_index_[t].end())
      st.writer = it->second;
    st.steps.insert(st.steps.end(), static_cast<std::size_t>(st.pieces), Step::Block);
  }

  std::size_t tier_host(int tier, const JobSpec& job, sg4::Host* own) const
  {
    return serving_index(scenario_.tiers[tier].role, job.id, own);
  }

  // A read or write on a cache tier. Read hit: one read from the cache disk. Read miss: read from the
  // backing tier, ship to the cache host with the class's transfer settings (nothing to ship when they are
  // the same host), write into the cache (evicting least recently used objects), all in sequence.
  // Write: into the cache disk, evicting as needed (no write-back to the backing tier).
  void plan_cache_stage(const JobSpec& job, const Stage& stage, const JobClass& job_class, sg4::Host* host,
                        StageState& st, int s)
  {
    const StorageTier& tier = scenario_.tiers[stage.tier];
    std::size_t which       = tier_host(stage.tier, job, host);
    CacheRecord& stats      = records_.caches[cache_index_.at(stage.tier)];
    st.cache                = &caches_[stage.tier][which];
    st.object               = job.objects[s];
    st.cache_disk           = tier_disks_[stage.tier][which];
    if (stage.kind == StageKind::Write) {
      st.steps.push_back(Step::CacheWrite);
      return;
    }
    if (st.cache->lookup(st.object)) {
      ++stats.hits;
      st.cache = nullptr; // nothing to fill
      st.steps.push_back(Step::Activities);
      return;
    }
    ++stats.misses;
    sg4::Host* cache_host = role_hosts_.at(tier.role)[which];
    if (scenario_.tiers[tier.backing].kind != TierKind::Disk) { // fetched from an object or dfs tier
      plan_tier_io(tier.backing, true, job.amounts[s], cache_host, st);
      st.steps.push_back(Step::CacheWrite);
      return;
    }
    std::size_t from = tier_host(tier.backing, job, host);
    st.backing_disk  = tier_disks_[tier.backing][from];
    st.steps.push_back(Step::BackingRead);
    sg4::Host* src = role_hosts_.at(scenario_.tiers[tier.backing].role)[from];
    sg4::Host* dst = cache_host;
    if (src != dst) {
      st.transfer = job_class.transfer ? &*job_class.transfer : &scenario_.transfer;
      st.src      = src;
      st.dst      = dst;
      st.steps.push_back(Step::Wire);
    }
    st.steps.push_back(Step::CacheWrite);
  }

  // Starts the activities of a stage's current step; returns how many were started.
  int start_step(const JobSpec& job, const Stage& stage, double amount, const std::vector<sg4::Host*>& hosts,
                 StageState& st, std::vector<sg4::ActivityPtr>& running, std::vector<Waiting>& running_stage, int s)
  {
    sg4::Host* host = hosts.front();
    auto add        = [&](sg4::ActivityPtr activity, int conn = -1) {
      running.push_back(std::move(activity));
      running_stage.push_back({s, conn});
    };
    // Work that takes `seconds` on an idle host using all its cores.
    auto exec_for = [&](sg4::Host* h, double seconds) {
      int cores = h->get_core_count();
      add(sg4::this_actor::exec_init(seconds * h->get_speed())->set_host(h)->set_thread_count(cores)->start());
    };
    switch (st.steps[st.step]) {
    case Step::Setup:
      return 0;
    case Step::Requests: {
      // Each connection moves every k-th request (k connections) in turn; a server actor on the tier host
      // of the connection paces, delays and serves them (see serve_requests).
      const StorageTier& tier = scenario_.tiers[st.io_tier];
      const auto& servers     = role_hosts_.at(tier.role);
      std::size_t base        = tier_host(st.io_tier, job, host);
      auto count              = static_cast<std::size_t>(std::min<std::int64_t>(tier.object.connections, st.pieces));
      bool read               = st.io_read;
      st.connections.assign(count, {});
      for (std::size_t k = 0; k < count; ++k) {
        auto& c           = st.connections[k];
        c.next            = static_cast<std::int64_t>(k);
        c.mailbox         = acquire_mailbox();
        sg4::Host* server = servers[(base + k) % servers.size()];
        sg4::Actor::create(
            "object-" + tier.name, server,
            [this, t = st.io_tier, read, mailbox = c.mailbox, client = st.client, amount, piece = st.piece,
             first = c.next, stride = static_cast<std::int64_t>(count),
             pieces = st.pieces] { serve_requests(t, read, mailbox, client, amount, piece, first, stride, pieces); });
        add(post_request(amount, st, c), static_cast<int>(k));
      }
      return static_cast<int>(count);
    }
    case Step::Block:
      return start_block(job, amount, st, add, s);
    case Step::BackingRead:
      st.resource = st.backing_disk; // the disk that served the bytes
      add(disk_ptrs_[st.backing_disk]->read_async(static_cast<sg_size_t>(amount)));
      return 1;
    case Step::CacheWrite:
      st.fill_start = sg4::Engine::get_clock();
      if (st.resource < 0 && st.io_tier < 0)
        st.resource = st.cache_disk; // a write stage into the cache
      add(disk_ptrs_[st.cache_disk]->write_async(static_cast<sg_size_t>(amount)));
      return 1;
    case Step::Compress:
      // The sender compresses the payload on all its cores at the codec's per-core rate.
      exec_for(st.src, amount / (st.transfer->compression->compress_rate * st.src->get_core_count()));
      return 1;
    case Step::Decompress:
      exec_for(st.dst, amount / (st.transfer->compression->decompress_rate * st.dst->get_core_count()));
      return 1;
    case Step::Wire: {
      const TransferSettings& t = *st.transfer;
      if (stage.kind != StageKind::Transfer)
        st.wire_route = route_index(st.src, st.dst); // a cache fill: the record's resource stays the disk
      double payload    = t.compression ? amount / t.compression->ratio : amount;
      st.wire_bytes     = payload / t.efficiency;
      st.wire_start     = sg4::Engine::get_clock();
      auto total        = static_cast<std::uint64_t>(st.wire_bytes);
      auto pipes        = static_cast<std::uint64_t>(t.pipes);
      std::uint64_t per = total / pipes;
      std::uint64_t rem = total % pipes;
      // TCP's window cap is SimGrid's network/TCP-gamma, set once for the run (see window_for_run).
      for (std::uint64_t p = 0; p < pipes; ++p)
        add(sg4::Comm::sendto_async(st.src, st.dst, per + (p < rem ? 1 : 0)));
      int started = static_cast<int>(pipes);
      // The protocol's CPU work on both ends, on one core each, while the bytes flow.
      if (t.cpu_per_byte > 0) {
        for (sg4::Host* h : {st.src, st.dst}) {
          add(sg4::this_actor::exec_init(st.wire_bytes * t.cpu_per_byte)->set_host(h)->start());
          ++started;
        }
      }
      return started;
    }
    case Step::Activities:
      break;
    }
    switch (stage.kind) {
    case StageKind::Read:
    case StageKind::Write: {
      st.resource     = tier_disks_[stage.tier][tier_host(stage.tier, job, host)];
      sg4::Disk* disk = disk_ptrs_[st.resource];
      auto size       = static_cast<sg_size_t>(amount);
      add(stage.kind == StageKind::Read ? sg4::ActivityPtr(disk->read_async(size))
                                        : sg4::ActivityPtr(disk->write_async(size)));
      return 1;
    }
    case StageKind::Compute: {
      st.resource = pool_index_.at(host);
      // The flops are split evenly over the job's hosts; on each, thread_count threads of a share each
      // use the whole host: F / (k * speed * cores).
      double share = amount / static_cast<double>(hosts.size());
      for (auto* h : hosts) {
        int cores = h->get_core_count();
        add(sg4::this_actor::exec_init(share / cores)->set_host(h)->set_thread_count(cores)->start());
      }
      return static_cast<int>(hosts.size());
    }
    case StageKind::Transfer:
      break;
    }
    return 0;
  }

  // ---- object and dfs tiers ----------------------------------------------------------------------------
  sg4::Mailbox* acquire_mailbox()
  {
    if (free_mailboxes_.empty())
      return sg4::Mailbox::by_name(fmt::format("dcflow-request-{}", mailboxes_made_++));
    sg4::Mailbox* mailbox = free_mailboxes_.back();
    free_mailboxes_.pop_back();
    return mailbox;
  }

  // The client's side of a connection's current request: it receives (read) or sends (write) the request's
  // bytes, at most at the tier's per-connection bandwidth.
  sg4::ActivityPtr post_request(double amount, const StageState& st, const StageState::Connection& c)
  {
    const ObjectStoreSettings& o = scenario_.tiers[st.io_tier].object;
    sg4::CommPtr comm;
    if (st.io_read)
      comm = c.mailbox->get_init()->set_dst_data(&request_sink_, sizeof(request_sink_));
    else
      comm = c.mailbox->put_init(&request_payload_, static_cast<std::uint64_t>(piece_bytes(amount, st.piece, c.next)));
    if (o.connection_bandwidth > 0)
      comm->set_rate(o.connection_bandwidth);
    return comm->start();
  }

  // The tier's side of one connection, on its server host: each request waits for the tier's request-rate
  // limit, then the first-byte latency, then moves its bytes (matched with the client's post_request).
  void serve_requests(int t, bool read, sg4::Mailbox* mailbox, sg4::Host* client, double amount, double piece,
                      std::int64_t first, std::int64_t stride, std::int64_t pieces)
  {
    const ObjectStoreSettings& o = scenario_.tiers[t].object;
    RequestPacer& pacer          = pacers_[t][read ? 0 : 1];
    sg4::Host* server            = sg4::this_actor::get_host();
    int route                    = read ? route_index(server, client) : route_index(client, server);
    for (std::int64_t r = first; r < pieces; r += stride) {
      double start = pacer.reserve(sg4::Engine::get_clock());
      if (start > sg4::Engine::get_clock() + kTimeResolution)
        sg4::this_actor::sleep_until(start);
      if (o.first_byte_latency > 0)
        sg4::this_actor::sleep_for(o.first_byte_latency);
      double bytes      = piece_bytes(amount, piece, r);
      double wire_from  = sg4::Engine::get_clock();
      sg4::CommPtr comm = read ? mailbox->put_init(&request_payload_, static_cast<std::uint64_t>(bytes))
                               : mailbox->get_init()->set_dst_data(&request_sink_, sizeof(request_sink_));
      // Both sides carry the cap: SimGrid 3.32 keeps the rate of the side that is posted second.
      if (o.connection_bandwidth > 0)
        comm->set_rate(o.connection_bandwidth);
      comm->wait();
      record_wire(route, bytes, wire_from, sg4::Engine::get_clock());
    }
  }

  // One block of a dfs stage. Read: from the client's own replica (disk only) or else the nearest one
  // (disk read and network flow together). Write: pipelined to the R replicas, every hop and every disk
  // write at once, as HDFS streams packets down the replica chain.
  template <typename Add> int start_block(const JobSpec& job, double amount, StageState& st, Add& add, int s)
  {
    const int t             = st.io_tier;
    const StorageTier& tier = scenario_.tiers[t];
    const auto& nodes       = role_hosts_.at(tier.role);
    ++st.block;
    st.block_start = sg4::Engine::get_clock();
    st.block_bytes = piece_bytes(amount, st.piece, st.block);
    st.block_routes.clear();
    st.block_disks.clear();
    auto bytes = static_cast<sg_size_t>(st.block_bytes);
    auto flow  = [&](sg4::Host* from, sg4::Host* to) {
      add(sg4::Comm::sendto_async(from, to, bytes));
      st.block_routes.push_back(route_index(from, to));
    };
    std::int64_t object = object_of(job, static_cast<std::size_t>(s));
    if (st.io_read) {
      auto replicas    = dfs_replicas(t, object, st.block);
      std::size_t from = nearest_replica(replicas, nodes, st.client);
      int disk         = tier_disks_[t][from];
      add(disk_ptrs_[disk]->read_async(bytes));
      st.block_disks.push_back(disk);
      if (nodes[from] != st.client)
        flow(nodes[from], st.client);
      else
        st.local_bytes += st.block_bytes;
    } else {
      if (st.block == 0) // from now on, reads of this object find its blocks where this write puts them
        dfs_writers_[t][object] = st.writer;
      sg4::Host* previous = st.client;
      for (std::size_t r : block_replicas(object, st.block, nodes.size(), tier.dfs.replication, st.writer)) {
        if (nodes[r] != previous)
          flow(previous, nodes[r]);
        previous = nodes[r];
        int disk = tier_disks_[t][r];
        add(disk_ptrs_[disk]->write_async(bytes));
        st.block_disks.push_back(disk);
      }
    }
    return static_cast<int>(st.block_routes.size() + st.block_disks.size());
  }

  // Where the replicas of a block of `object` are: where its last write put them, else (data loaded before
  // the run) where the spread rule puts them.
  std::vector<std::size_t> dfs_replicas(int t, std::int64_t object, std::int64_t block) const
  {
    const StorageTier& tier = scenario_.tiers[t];
    std::optional<std::size_t> writer;
    auto it = dfs_writers_[t].find(object);
    if (it != dfs_writers_[t].end())
      writer = it->second;
    return block_replicas(object, block, role_hosts_.at(tier.role).size(), tier.dfs.replication, writer);
  }

  // The replica a client reads: its own, else the one with the lowest route latency, then fewest links,
  // then first in replica order.
  std::size_t nearest_replica(const std::vector<std::size_t>& replicas, const std::vector<sg4::Host*>& nodes,
                              sg4::Host* client)
  {
    std::size_t best = replicas.front();
    std::pair<double, std::size_t> best_cost{INFINITY, 0};
    for (std::size_t r : replicas) {
      if (nodes[r] == client)
        return r;
      int route = route_index(nodes[r], client);
      std::pair<double, std::size_t> cost{route_latency_[route], records_.routes[route].size()};
      if (cost < best_cost) {
        best_cost = cost;
        best      = r;
      }
    }
    return best;
  }

  // The finished block's disk and network work, for utilisation.
  void record_block(const StageState& st)
  {
    StageKind kind = st.io_read ? StageKind::Read : StageKind::Write;
    double now     = sg4::Engine::get_clock();
    for (int route : st.block_routes)
      record_wire(route, st.block_bytes, st.block_start, now);
    for (int disk : st.block_disks)
      records_.side_work.push_back(ActivityRecord{kind, st.block_start, now, st.block_bytes, disk});
  }

  void record_wire(int route, double bytes, double start, double end)
  {
    ActivityRecord wire{StageKind::Transfer, start, end, 0, route};
    wire.wire_bytes = bytes;
    wire.wire_start = start;
    wire.wire_end   = end;
    records_.side_work.push_back(wire);
  }

  const Scenario& scenario_;
  std::vector<std::string> args_;
  std::unique_ptr<sg4::Engine> engine_;
  std::vector<sg4::Host*> hosts_; // natural order
  std::map<std::string, std::vector<sg4::Host*>> role_hosts_;
  std::unordered_map<const sg4::Host*, int> pool_index_;
  std::vector<std::vector<int>> tier_disks_; // per tier: disk indices, aligned with the tier role's hosts
  std::vector<sg4::Disk*> disk_ptrs_;
  std::vector<std::vector<LruCache>> caches_; // per tier: one LRU per host (empty for disk tiers)
  std::map<int, int> cache_index_;            // tier index -> index in records_.caches
  std::unordered_map<const sg4::Link*, int> link_index_;
  std::map<std::pair<sg4::Host*, sg4::Host*>, int> route_cache_;
  std::vector<double> route_latency_;               // per route index
  std::vector<std::array<RequestPacer, 2>> pacers_; // per tier: read and write request-rate limits
  std::vector<std::unordered_map<const sg4::Host*, std::size_t>> tier_node_index_; // per tier: host -> index
  // Per dfs tier: the objects written during the run, and the writer placement their blocks followed.
  std::vector<std::unordered_map<std::int64_t, std::optional<std::size_t>>> dfs_writers_;
  std::vector<sg4::Mailbox*> free_mailboxes_;
  std::size_t mailboxes_made_ = 0;
  int request_payload_        = 0;       // what object requests carry (only their simulated size matters)
  void* request_sink_         = nullptr; // where the receiving side of a request puts it

  std::vector<std::vector<std::vector<int>>> class_dependants_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<PowerState> power_;  // per pool host
  std::vector<double> idle_since_; // per pool host
  std::vector<int> power_record_;  // per pool host: its open PowerInterval in records_.power, or -1

  const std::vector<JobSpec>* jobs_ = nullptr;
  std::vector<std::size_t> index_of_id_;
  RunRecords records_;
};

std::string simgrid_version()
{
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

Simulation::Simulation(const Scenario& scenario, const std::vector<std::string>& engine_args)
    : impl_(std::make_unique<Impl>(scenario, engine_args))
{
}

Simulation::~Simulation() = default;

std::string Simulation::describe() const
{
  return impl_->describe();
}

AnalyticInputs Simulation::analytic_inputs() const
{
  return impl_->analytic_inputs();
}

RunRecords Simulation::run(const std::vector<JobSpec>& jobs)
{
  return impl_->run(jobs);
}

} // namespace dcflow
