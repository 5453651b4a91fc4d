#include "sim/simulation.hpp"

#include "policy/autoscaler.hpp"
#include "policy/dispatcher.hpp"
#include "policy/policy.hpp"
#include "scenario/units.hpp"
#include "sim/describe.hpp"
#include "sim/engine_setup.hpp"
#include "sim/platform_graph.hpp"
#include "sim/routing.hpp"
#include "sim/world.hpp"
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

class Simulation::Impl {
public:
  Impl(const Scenario& scenario, const std::vector<std::string>& engine_args)
      : scenario_(scenario), world_(scenario, engine_args, records_)
  {
    for (std::size_t t = 0; t < scenario_.tiers.size(); ++t) {
      const StorageTier& tier = scenario_.tiers[t];
      pacers_.push_back({RequestPacer(tier.object.read_request_rate), RequestPacer(tier.object.write_request_rate)});
      dfs_writers_.emplace_back();
      caches_.emplace_back();
      if (tier.cache()) {
        cache_index_[static_cast<int>(t)] = static_cast<int>(records_.caches.size());
        records_.caches.push_back(CacheRecord{tier.name});
        caches_.back().assign(world_.tier_disks(static_cast<int>(t)).size(), LruCache(tier.capacity));
      }
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

  std::string describe() const { return describe_world(world_, records_); }
  AnalyticInputs analytic_inputs() const { return dcflow::analytic_inputs(world_, records_); }

  // ---- running -----------------------------------------------------------------------------------------
  RunRecords run(const std::vector<JobSpec>& jobs)
  {
    jobs_ = &jobs;
    // Trace jobs come with their own sizes: check them against what can be powered on.
    std::size_t usable  = world_.usable_pool_size();
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
    dispatcher_ = std::make_unique<Dispatcher>(
        world_.pool().size(), make_policy(scenario_.policy, stream_seed(scenario_.seed, Stream::Policy)));
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
    power_.assign(world_.pool().size(), PowerState::Active);
    idle_since_.assign(world_.pool().size(), 0.0);
    power_record_.assign(world_.pool().size(), -1);
    const AutoscaleSettings& autoscale = scenario_.autoscale;
    for (std::size_t h = 0; h < world_.pool().size(); ++h) {
      if (autoscale.enabled && h >= static_cast<std::size_t>(autoscale.initial)) {
        power_[h] = PowerState::Off;
        dispatcher_->set_active(h, false);
      } else {
        power_record_[h] = static_cast<int>(records_.power.size());
        records_.power.push_back(PowerInterval{static_cast<int>(h), 0, 0, -1});
      }
    }
    sg4::Actor::create("submitter", world_.hosts().front(), [this] { submit_all(); });
    if (autoscale.enabled)
      sg4::Actor::create("autoscaler", world_.hosts().front(), [this] { autoscale_loop(); });
    world_.engine().run();
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
      if (auto index = world_.pool_index(world_.host_for(tier.role, job.id, nullptr)))
        hosts.push_back(*index);
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
    const auto& nodes       = world_.role(tier.role);
    double amount           = job.amounts[s];
    std::map<std::size_t, double> bytes; // pool index -> bytes of replicas there
    std::int64_t blocks = piece_count(amount, tier.dfs.block_size);
    for (std::int64_t b = 0; b < blocks; ++b)
      for (std::size_t node : dfs_replicas(stage.tier, object_of(job, s), b)) {
        if (auto index = world_.pool_index(nodes[node]))
          bytes[*index] += piece_bytes(amount, tier.dfs.block_size, b);
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
        sg4::Actor::create("boot-" + records_.pool[h].name, world_.pool()[h], [this, h] {
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
      job_hosts.push_back(world_.pool()[h]);
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
    st.src      = world_.host_for(stage.from, job.id, host);
    st.dst      = world_.host_for(stage.to, job.id, host);
    if (st.src == st.dst) {
      st.resource = -1; // same host: nothing crosses the network, nothing to compress
      return;
    }
    st.resource = world_.route_index(st.src, st.dst);
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
    if (!read && tier.dfs.placement == Placement::Writer)
      st.writer = world_.tier_node(t, client);
    st.steps.insert(st.steps.end(), static_cast<std::size_t>(st.pieces), Step::Block);
  }

  std::size_t tier_host(int tier, const JobSpec& job, sg4::Host* own) const
  {
    return world_.serving_index(scenario_.tiers[tier].role, job.id, own);
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
    st.cache_disk           = world_.tier_disks(stage.tier)[which];
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
    sg4::Host* cache_host = world_.role(tier.role)[which];
    if (scenario_.tiers[tier.backing].kind != TierKind::Disk) { // fetched from an object or dfs tier
      plan_tier_io(tier.backing, true, job.amounts[s], cache_host, st);
      st.steps.push_back(Step::CacheWrite);
      return;
    }
    std::size_t from = tier_host(tier.backing, job, host);
    st.backing_disk  = world_.tier_disks(tier.backing)[from];
    st.steps.push_back(Step::BackingRead);
    sg4::Host* src = world_.role(scenario_.tiers[tier.backing].role)[from];
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
      const auto& servers     = world_.role(tier.role);
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
      add(world_.disk(st.backing_disk)->read_async(static_cast<sg_size_t>(amount)));
      return 1;
    case Step::CacheWrite:
      st.fill_start = sg4::Engine::get_clock();
      if (st.resource < 0 && st.io_tier < 0)
        st.resource = st.cache_disk; // a write stage into the cache
      add(world_.disk(st.cache_disk)->write_async(static_cast<sg_size_t>(amount)));
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
        st.wire_route = world_.route_index(st.src, st.dst); // a cache fill: the record's resource stays the disk
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
      st.resource     = world_.tier_disks(stage.tier)[tier_host(stage.tier, job, host)];
      sg4::Disk* disk = world_.disk(st.resource);
      auto size       = static_cast<sg_size_t>(amount);
      add(stage.kind == StageKind::Read ? sg4::ActivityPtr(disk->read_async(size))
                                        : sg4::ActivityPtr(disk->write_async(size)));
      return 1;
    }
    case StageKind::Compute: {
      st.resource = static_cast<int>(*world_.pool_index(host));
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
    int route                    = read ? world_.route_index(server, client) : world_.route_index(client, server);
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
    const auto& nodes       = world_.role(tier.role);
    ++st.block;
    st.block_start = sg4::Engine::get_clock();
    st.block_bytes = piece_bytes(amount, st.piece, st.block);
    st.block_routes.clear();
    st.block_disks.clear();
    auto bytes = static_cast<sg_size_t>(st.block_bytes);
    auto flow  = [&](sg4::Host* from, sg4::Host* to) {
      add(sg4::Comm::sendto_async(from, to, bytes));
      st.block_routes.push_back(world_.route_index(from, to));
    };
    std::int64_t object = object_of(job, static_cast<std::size_t>(s));
    if (st.io_read) {
      auto replicas    = dfs_replicas(t, object, st.block);
      std::size_t from = nearest_replica(replicas, nodes, st.client);
      int disk         = world_.tier_disks(t)[from];
      add(world_.disk(disk)->read_async(bytes));
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
        int disk = world_.tier_disks(t)[r];
        add(world_.disk(disk)->write_async(bytes));
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
    return block_replicas(object, block, world_.role(tier.role).size(), tier.dfs.replication, writer);
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
      int route = world_.route_index(nodes[r], client);
      std::pair<double, std::size_t> cost{world_.route_latency(route), records_.routes[route].size()};
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
  RunRecords records_; // filled by world_'s binding first: declared before it
  World world_;
  std::vector<std::vector<LruCache>> caches_;       // per tier: one LRU per host (empty for disk tiers)
  std::map<int, int> cache_index_;                  // tier index -> index in records_.caches
  std::vector<std::array<RequestPacer, 2>> pacers_; // per tier: read and write request-rate limits
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
