// Inference serving on the simulated cluster (README "Inference serving"):
//  - replicas: the pool's GPUs node by node (natural order), each node's GPUs in pool order cut into groups of
//    tensor_parallel; a node's leftover GPUs (fewer than tensor_parallel) serve nothing; `replicas`, when given,
//    keeps the first ones;
//  - a request with an ingest first ships its payload (an actor per request on the source host: the transfer
//    steps of sim/stages/wire, with the class's transfer settings) to its front-end host; it arrives when the
//    payload has landed;
//  - a submitter actor hands each request at its arrival to the routing policy (a per-host-queue policy whose
//    hosts are the replicas); a request whose whole KV cache exceeds a replica's is rejected there; with
//    max_outstanding, a replica holding that many requests takes no more and the others wait at the router,
//    in arrival order, until a request ends or a replica is switched on;
//  - one actor per replica runs its batcher's steps: one sleep per step, whatever the batch;
//  - the autoscaler (policy/autoscaler) sees replicas as hosts; a replica switched on boots for boot_time,
//    then loads its weights from the weights tier (read by its node's CPU host, shipped over the network with
//    the class's transfer settings when the tier's disk is on another host, copied to each GPU over PCIe),
//    then serves;
//  - failures (README "Failures"): a replica is down while any of its hosts (its GPUs, its node's CPU host) is;
//    the requests it holds go back to the router (a retry each, up to the retry limit) having lost their KV
//    cache and tokens; it leaves the routing and the autoscaler's view until its hosts are back and it has
//    reloaded its weights. A payload or weight load cut by a link failure is sent again once the link is back.
#include "sim/inference/serving.hpp"

#include "analytic/inference_model.hpp"
#include "policy/autoscaler.hpp"
#include "sim/autoscale_loop.hpp"
#include "sim/failures/data_unavailable.hpp"
#include "sim/failures/failure_injector.hpp"
#include "policy/policy.hpp"
#include "policy/replica_batcher.hpp"
#include "sim/recorder.hpp"
#include "sim/routing.hpp"
#include "sim/run_steps.hpp"
#include "sim/simgrid_compat.hpp"
#include "sim/stages/wire.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"
#include "util/rng.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <limits>
#include <mutex>
#include <unordered_map>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

struct Replica {
  std::vector<sg4::Host*> gpus;
  std::vector<int> pool; // the GPUs' pool indices
  sg4::Host* cpu = nullptr;
  std::unique_ptr<StepModel> model;
  std::unique_ptr<ReplicaBatcher> batcher;
  PowerState power  = PowerState::Active;
  double idle_since = 0;
  sg4::ConditionVariablePtr cv;
  sg4::MutexPtr mutex; // held by the replica's actor except while it waits on cv: no wake-up is lost
  std::vector<int> power_record; // per GPU: its open PowerInterval, or -1
  // The busy period running now: its start and the flops of its steps.
  double busy_start = -1;
  double busy_flops = 0;
  // Failures: its hosts (GPUs, then the node's CPU host), when each down one returns (-1: up; infinity: never),
  // how many are down, a counter bumped at each failure (a step or a weight load begun before it is dropped), its
  // open ReplicaOutageRecord, and whether its weights can never be loaded again (a link that never returns).
  std::vector<sg4::Host*> hosts;
  std::vector<double> back_at;
  int down_hosts     = 0;
  std::uint64_t epoch = 0;
  int outage          = -1;
  bool unloadable     = false;
  sg4::ConditionVariablePtr up_cv; // a boot or recovery waiting for its hosts
  sg4::MutexPtr up_mutex;

  bool down() const { return down_hosts > 0; }
  // It will never serve again: a host down for good, or weights it cannot load.
  bool lost() const
  {
    return unloadable || std::any_of(back_at.begin(), back_at.end(), [](double t) { return std::isinf(t); });
  }
};

} // namespace

class InferenceServer::Impl : public ClusterView, public FailureObserver {
public:
  explicit Impl(SimContext sim)
      : sim_(sim), class_(sim.world.scenario().workload.classes.front()), spec_(*class_.inference),
        mutex_(nullptr)
  {
  }

  void start(const std::vector<JobSpec>& jobs)
  {
    const Scenario& scenario = sim_.world.scenario();
    RunRecords& records      = sim_.recorder.records();
    form_replicas();
    policy_ = make_policy(scenario.policy, stream_seed(scenario.seed, Stream::Policy));
    InferenceRecords& inf = records.inference;
    inf.ran               = true;
    inf.replicas          = static_cast<int>(replicas_.size());
    inf.tensor_parallel   = spec_.tensor_parallel;
    inf.kv_capacity       = replicas_.front().model->kv_capacity();
    inf.weight_bytes      = replicas_.front().model->figures().weight_bytes;
    inf.ttft_objective    = spec_.objectives.ttft;
    inf.tpot_objective    = spec_.objectives.tpot;
    inf.batching          = to_string(spec_.batching.mode);
    jobs_                 = &jobs;
    if (spec_.ingest)
      ingest_queues_.resize(sim_.world.role(spec_.ingest->from).size());
    // Requests and their records, in job order (jobs come sorted by submit time).
    const StepModel& model = *replicas_.front().model;
    double kv_token        = model.figures().kv_bytes_per_token;
    requests_.resize(jobs.size());
    job_records_.assign(jobs.size(), JobRecord{});
    inf.requests.assign(jobs.size(), RequestRecord{});
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      ServedRequest& q = requests_[i];
      q.id             = jobs[i].id;
      q.arrival        = jobs[i].submit;
      q.ready          = q.arrival;
      q.prompt         = static_cast<std::int64_t>(jobs[i].amounts[0]);
      q.output         = static_cast<std::int64_t>(jobs[i].amounts[1]);
      q.kv_need        = static_cast<double>(q.prompt + q.output) * kv_token;
      // Alone on a replica: its prefill, then output - 1 decode steps reading on average P + O/2 tokens.
      q.estimate = model.prefill(static_cast<double>(q.prompt)) +
                   static_cast<double>(q.output - 1) *
                       model.decode(1, (static_cast<double>(q.prompt) + q.output / 2.0) * kv_token);
      JobRecord& rec = job_records_[i];
      rec.id         = q.id;
      rec.submit     = q.arrival;
      rec.flops      = model.flops(static_cast<double>(q.prompt + q.output - 1));
      RequestRecord& r = inf.requests[i];
      r.id             = q.id;
      r.prompt         = q.prompt;
      r.output         = q.output;
      r.arrival        = q.arrival;
      if (spec_.ingest)
        r.payload = jobs[i].amounts[2];
    }
    // Power: every replica's GPUs on from 0, or the autoscaler's initial replicas.
    const AutoscaleSettings& autoscale = scenario.autoscale;
    for (std::size_t r = 0; r < replicas_.size(); ++r) {
      Replica& rep = replicas_[r];
      rep.power_record.assign(rep.gpus.size(), -1);
      if (autoscale.enabled && r >= static_cast<std::size_t>(autoscale.initial > 0 ? autoscale.initial : autoscale.min)) {
        rep.power = PowerState::Off;
        continue;
      }
      power_on(r, 0, 0);
    }
    for (std::size_t r = 0; r < replicas_.size(); ++r)
      sg4::Actor::create("replica-" + std::to_string(r), replicas_[r].gpus.front(), [this, r] { serve(r); });
    sg4::Actor::create("submitter", sim_.world.hosts().front(), [this] { submit_all(); });
    if (autoscale.enabled)
      sg4::Actor::create("autoscaler", sim_.world.hosts().front(), [this] {
        run_autoscaler(sim_.world.scenario().autoscale, sim_.recorder.records(),
                       {[this](double now) { return pool_state(now); },
                        [this](std::size_t u, double now) { switch_off(units_[u], now); },
                        [this](std::size_t u, double now) { boot(units_[u], now); }});
      });
  }

  void finish(double end)
  {
    for (auto& interval : sim_.recorder.records().power)
      if (interval.off < 0)
        interval.off = end;
    // With failures, every request completed or failed: one still waiting (for a replica that the run ended
    // before) fails.
    if (failures_)
      for (std::size_t i = 0; i < requests_.size(); ++i)
        if (job_records_[i].status == JobStatus::NotStarted)
          fail(i, fmt::format("still waiting when the run ended at {:.1f} s: no replica to serve it", end), end);
    // The requests' records join the run's, by id.
    std::sort(job_records_.begin(), job_records_.end(),
              [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });
    for (JobRecord& rec : job_records_)
      sim_.recorder.records().jobs.push_back(std::move(rec));
    job_records_.clear();
  }

  void set_failures(FailureInjector* failures) { failures_ = failures; }

  // A host of replicas fails (README "Failures"): each replica it takes down gives back every request it
  // holds, their KV cache and tokens lost, to the router (a retry each; beyond the retry limit, or when no
  // replica will ever serve again, they fail with the cause). Every record is settled before the first simcall.
  void host_down(const HostOutage& outage) override
  {
    auto slots = host_slots_.find(outage.host);
    if (slots == host_slots_.end())
      return; // not a replica's host: an ingest host or a storage host, recorded only (or its tier's concern)
    RunRecords& records   = sim_.recorder.records();
    InferenceRecords& inf = records.inference;
    const double now      = outage.down;
    std::vector<std::size_t> evicted, hit;
    std::vector<std::int64_t> generated;
    for (auto [r, slot] : slots->second) {
      Replica& rep       = replicas_[r];
      rep.back_at[slot] = outage.up;
      if (rep.down_hosts++ > 0)
        continue; // already down
      ++rep.epoch;
      hit.push_back(r);
      if (rep.outage >= 0) { // failed again while reloading its weights: the same outage goes on
        inf.outages[static_cast<std::size_t>(rep.outage)].back = -1;
        continue;
      }
      rep.outage = static_cast<int>(inf.outages.size());
      inf.outages.push_back(ReplicaOutageRecord{static_cast<int>(r), now, -1, -1, outage.cause});
      if (rep.busy_start >= 0)
        end_busy_period(r, now);
      rep.batcher->evict(evicted, generated);
    }
    if (std::isinf(outage.up))
      for (auto [r, slot] : slots->second)
        if (replicas_[r].lost())
          lost_cause_ = outage.cause + ", which never came back";
    const int limit  = sim_.world.scenario().failures.retry_limit;
    const double tp  = static_cast<double>(spec_.tensor_parallel);
    std::vector<std::pair<std::size_t, std::string>> failing;
    std::vector<std::size_t> retried;
    for (std::size_t k = 0; k < evicted.size(); ++k) {
      std::size_t i    = evicted[k];
      ServedRequest& q = requests_[i];
      JobRecord& rec   = job_records_[i];
      RequestRecord& out = inf.requests[i];
      if (q.admitted >= 0) // its time in the batch, on the replica's GPUs, is lost work
        rec.lost_work += (now - q.admitted) * tp;
      out.tokens_lost += generated[k];
      q.replica = -1;
      q.admitted = q.first_token = q.end = -1;
      q.finish_step = 0;
      q.ready       = now; // back at the router now (static batching's max_wait counts from here)
      if (rec.retries >= limit) {
        failing.emplace_back(i, outage.cause);
        continue;
      }
      ++rec.retries;
      ++out.retries;
      retried.push_back(i);
    }
    back_to_router(retried);
    fail_if_hopeless(failing);
    route_backlog();
    for (const auto& [i, cause] : failing)
      fail(i, cause, now);
    wake_routed();
    for (std::size_t r : hit)
      wake(r); // its actor, if waiting, finds it down
    replace_failed(now);
  }

  // With autoscaling, replicas that fail are replaced, as a Deployment keeps its minimum: while fewer than
  // max(1, min) replicas are up and switched on (serving or booting), the lowest-numbered replica switched off
  // whose hosts are up boots (a cold start). Without it, a fleet whose only active replica failed for good
  // would wait for a scale-out that, with no queue trigger, never comes.
  void replace_failed(double now)
  {
    const AutoscaleSettings& autoscale = sim_.world.scenario().autoscale;
    if (!autoscale.enabled || done_ == requests_.size())
      return;
    std::size_t live = 0;
    for (const Replica& rep : replicas_)
      live += !rep.down() && !rep.unloadable && rep.power != PowerState::Off ? 1 : 0;
    const auto floor = static_cast<std::size_t>(std::max(1, autoscale.min));
    for (std::size_t r = 0; r < replicas_.size() && live < floor; ++r)
      if (replicas_[r].power == PowerState::Off && !replicas_[r].down() && !replicas_[r].lost()) {
        boot(r, now);
        ++live;
      }
  }

  // A host is back: a replica whose hosts are all up reloads its weights (when `weights:` names a tier; at once
  // otherwise), then serves. One switched off stays off; one booting carries on with its boot.
  void host_up(sg4::Host* host) override
  {
    auto slots = host_slots_.find(host);
    if (slots == host_slots_.end())
      return;
    double now = sg4::Engine::get_clock();
    std::vector<std::size_t> back; // replicas whose hosts are all up again (every count settled first)
    for (auto [r, slot] : slots->second) {
      Replica& rep      = replicas_[r];
      rep.back_at[slot] = -1;
      if (--rep.down_hosts == 0)
        back.push_back(r);
    }
    for (std::size_t r : back) {
      Replica& rep = replicas_[r];
      if (rep.outage >= 0)
        sim_.recorder.records().inference.outages[static_cast<std::size_t>(rep.outage)].back = now;
      if (rep.power == PowerState::Booting) {
        rep.up_cv->notify_all(); // its boot or recovery waits for its hosts
        continue;
      }
      if (rep.power == PowerState::Off || spec_.weights_tier < 0) {
        if (rep.power == PowerState::Active)
          rep.idle_since = now;
        end_outage(r, now);
        if (rep.power == PowerState::Active) {
          route_backlog();
          to_wake_.push_back(r);
          wake_routed();
        }
        continue;
      }
      rep.power = PowerState::Booting; // reloading its weights: not serving, not to be switched off
      sg4::Actor::create("recover-replica-" + std::to_string(r), rep.cpu, [this, r] {
        sg4::Actor::self()->daemonize();
        if (!bring_up(r))
          return;
        double active              = sg4::Engine::get_clock();
        replicas_[r].power         = PowerState::Active;
        replicas_[r].idle_since    = active;
        end_outage(r, active);
        route_backlog();
        to_wake_.push_back(r);
        wake_routed();
      });
    }
    replace_failed(now); // a replica switched off whose host is back may be the replacement wanted
  }

  // ClusterView: the replicas as the routing policy sees them.
  double now() const override { return sg4::Engine::get_clock(); }
  std::size_t host_count() const override { return replicas_.size(); }
  // A replica takes requests when it is on and, under a max_outstanding cap, holds fewer than the cap: the
  // policies then choose among the replicas with room, and the rest wait at the router.
  bool is_active(std::size_t r) const override
  {
    const Replica& rep = replicas_[r];
    return rep.power == PowerState::Active && !rep.down() &&
           (spec_.max_outstanding == 0 ||
            rep.batcher->running() + rep.batcher->waiting() < static_cast<std::size_t>(spec_.max_outstanding));
  }
  bool is_free(std::size_t r) const override { return is_active(r) && replicas_[r].batcher->idle(); }
  std::size_t free_count() const override
  {
    std::size_t n = 0;
    for (std::size_t r = 0; r < replicas_.size(); ++r)
      n += is_free(r) ? 1 : 0;
    return n;
  }
  std::size_t first_free(std::size_t from) const override
  {
    for (std::size_t r = from; r < replicas_.size(); ++r)
      if (is_free(r))
        return r;
    return npos;
  }
  const std::deque<QueuedJob>& queue() const override { return no_queue_; }
  const std::vector<RunningJob>& running() const override { return no_running_; }
  std::size_t running_count(std::size_t r) const override { return replicas_[r].batcher->running(); }
  std::size_t queued_count(std::size_t r) const override { return replicas_[r].batcher->waiting(); }
  double outstanding_work(std::size_t r) const override { return replicas_[r].batcher->outstanding(); }
  double free_memory(std::size_t r) const override { return replicas_[r].batcher->free_memory(); }

private:
  void form_replicas()
  {
    World& world          = sim_.world;
    const GpuInventory& g = world.gpus();
    const int tp          = spec_.tensor_parallel;
    RunRecords& records   = sim_.recorder.records();
    int used              = 0;
    int pool_gpus         = 0;
    for (const GpuNode& node : g.nodes()) {
      std::vector<std::size_t> members; // pool GPUs of this node, in pool order
      for (int gi : node.gpus)
        if (auto p = world.pool_index(g.gpus()[static_cast<std::size_t>(gi)].host))
          members.push_back(*p);
      std::sort(members.begin(), members.end());
      pool_gpus += static_cast<int>(members.size());
      for (std::size_t k = 0; k + static_cast<std::size_t>(tp) <= members.size(); k += static_cast<std::size_t>(tp)) {
        if (spec_.replicas > 0 && replicas_.size() >= static_cast<std::size_t>(spec_.replicas))
          break;
        Replica rep;
        for (int j = 0; j < tp; ++j) {
          std::size_t p = members[k + static_cast<std::size_t>(j)];
          rep.gpus.push_back(world.pool()[p]);
          rep.pool.push_back(static_cast<int>(p));
        }
        rep.cpu = node.cpu;
        rep.cv    = sg4::ConditionVariable::create();
        rep.mutex = sg4::Mutex::create();
        rep.up_cv    = sg4::ConditionVariable::create();
        rep.up_mutex = sg4::Mutex::create();
        rep.hosts    = rep.gpus;
        if (rep.cpu)
          rep.hosts.push_back(rep.cpu);
        rep.back_at.assign(rep.hosts.size(), -1);
        for (std::size_t h = 0; h < rep.hosts.size(); ++h)
          host_slots_[rep.hosts[h]].emplace_back(replicas_.size(), h);
        rep.model = std::make_unique<StepModel>(spec_, hardware(rep));
        rep.batcher = std::make_unique<ReplicaBatcher>(*rep.model, spec_.batching, requests_);
        used += tp;
        replicas_.push_back(std::move(rep));
      }
    }
    records.inference.gpus_unused = pool_gpus - used;
    if (replicas_.empty())
      throw std::logic_error("no replica formed (World::check_inference lets no such scenario through)");
  }

  ReplicaHardware hardware(const Replica& rep) const
  {
    const GpuInventory& g = sim_.world.gpus();
    const GpuInfo& gpu    = g.gpus()[*g.gpu_index(rep.gpus.front())];
    GpuEfficiency eff     = default_efficiency(gpu.kind);
    ReplicaHardware h;
    h.tp                 = spec_.tensor_parallel;
    h.gpu_flops          = gpu.peak_flops;
    h.gpu_hbm_bytes      = gpu.hbm_bytes;
    h.gpu_hbm_bandwidth  = gpu.hbm_bandwidth;
    h.compute_efficiency = spec_.compute_efficiency > 0 ? spec_.compute_efficiency : eff.compute;
    h.memory_efficiency  = spec_.memory_efficiency > 0 ? spec_.memory_efficiency : eff.memory;
    if (rep.gpus.size() > 1) { // one GPU's port: the narrowest link and the latency of the route GPU 0 -> GPU 1
      std::vector<sg4::Link*> links;
      double latency = 0;
      if (find_route(rep.gpus[0], rep.gpus[1], links, &latency)) {
        double bw = std::numeric_limits<double>::infinity();
        for (auto* l : links)
          bw = std::min(bw, l->get_bandwidth());
        h.nvlink = LinkCost{latency, bw};
      }
    }
    return h;
  }

  void power_on(std::size_t r, double on, double active_from)
  {
    Replica& rep        = replicas_[r];
    RunRecords& records = sim_.recorder.records();
    for (std::size_t j = 0; j < rep.gpus.size(); ++j) {
      rep.power_record[j] = static_cast<int>(records.power.size());
      records.power.push_back(PowerInterval{rep.pool[j], on, active_from, -1});
    }
  }

  static void wait(Replica& rep, std::unique_lock<sg4::Mutex>& lock, double until = -1)
  {
    if (until < 0)
      rep.cv->wait(lock);
    else
      rep.cv->wait_until(lock, until);
  }

  void wake(std::size_t r) { replicas_[r].cv->notify_all(); }

  // Every request of an instant is routed before any replica is woken (a notification is a simcall, during
  // which the woken replica may run and plan its step).
  void submit_all()
  {
    std::size_t i = 0;
    while (i < requests_.size()) {
      double t = requests_[i].arrival;
      if (t > sg4::Engine::get_clock() + kTimeResolution)
        sg4::this_actor::sleep_until(t);
      for (; i < requests_.size() && requests_[i].arrival <= t + kTimeResolution; ++i)
        if (spec_.ingest)
          ingest(i);
        else
          arrive(i);
      wake_routed();
    }
  }

  // The request's payload from its source to its front end; then it arrives. Hosts by request id. With
  // `connections`, a source host has at most that many payloads in flight; the others wait for one, in order.
  void ingest(std::size_t i)
  {
    const RequestIngest& in = *spec_.ingest;
    World& world            = sim_.world;
    const auto id           = static_cast<std::size_t>(requests_[i].id);
    std::size_t source      = id % world.role(in.from).size();
    IngestQueue& queue      = ingest_queues_[source];
    if (in.connections > 0 && queue.in_flight >= in.connections)
      queue.waiting.push_back(i);
    else
      start_ingest(i, source);
  }

  void start_ingest(std::size_t i, std::size_t source)
  {
    const RequestIngest& in = *spec_.ingest;
    World& world            = sim_.world;
    const auto id           = static_cast<std::size_t>(requests_[i].id);
    sg4::Host* src          = world.role(in.from)[source];
    sg4::Host* dst          = world.role(in.to)[id % world.role(in.to).size()];
    ++ingest_queues_[source].in_flight;
    // One short-lived actor per payload (long-lived actors accumulate activities).
    sg4::Actor::create("ingest-" + std::to_string(id), src, [this, i, source, src, dst] {
      double bytes = (*jobs_)[i].amounts[2];
      std::string failed; // a link failure cut it beyond the retry limit, or for good
      while (src != dst) {
        double start = sg4::Engine::get_clock();
        StageRun run;
        plan_transfer(src, dst, sim_.world.route_index(src, dst), bytes,
                      sim_.world.scenario().transfer_for(class_), run);
        try {
          run_steps(run.steps);
        } catch (const simgrid::Exception&) { // a link of its route went down: sent again once it is back
          if (!failures_)
            throw;
          // Its flows all go src -> dst: it waits for (and names) the down links of that route only, or every
          // link down if none of them is (README "Failures").
          std::vector<sg4::Link*> route;
          find_route(src, dst, route);
          double back    = failures_->links_back_at(route);
          JobRecord& rec = job_records_[i];
          if (rec.retries >= sim_.world.scenario().failures.retry_limit || std::isinf(back)) {
            failed = failures_->cause_now(route);
            break;
          }
          ++rec.retries;
          ++sim_.recorder.records().inference.requests[i].retries;
          sleep_past(back);
          continue;
        }
        ActivityRecord record = run.record;
        record.kind           = StageKind::Transfer;
        record.start          = start;
        record.end            = sg4::Engine::get_clock();
        record.amount         = bytes;
        sim_.recorder.stage(record);
        break;
      }
      IngestQueue& queue = ingest_queues_[source];
      --queue.in_flight;
      if (!queue.waiting.empty()) {
        std::size_t next = queue.waiting.front();
        queue.waiting.pop_front();
        start_ingest(next, source);
      }
      if (!failed.empty()) {
        fail(i, failed, sg4::Engine::get_clock());
        return;
      }
      requests_[i].ready = sg4::Engine::get_clock();
      sim_.recorder.records().inference.requests[i].ingested = requests_[i].ready;
      arrive(i);
      wake_routed();
    });
  }

  void wake_routed()
  {
    std::vector<std::size_t> woken;
    woken.swap(to_wake_);
    std::sort(woken.begin(), woken.end());
    woken.erase(std::unique(woken.begin(), woken.end()), woken.end());
    for (std::size_t r : woken)
      wake(r);
  }

  void arrive(std::size_t i)
  {
    ServedRequest& q = requests_[i];
    if (q.kv_need > replicas_.front().batcher->capacity()) {
      reject(i, "kv_cache");
      return;
    }
    if (!lost_cause_.empty() && hopeless()) { // no replica will ever serve again
      fail(i, "no replica left to serve it: " + lost_cause_, sg4::Engine::get_clock());
      return;
    }
    backlog_.push_back(i);
    route_backlog();
  }

  // Requests a failed replica gave back join the router's queue ahead of later arrivals, in order of their
  // first arrival.
  void back_to_router(std::vector<std::size_t>& retried)
  {
    auto earlier = [this](std::size_t a, std::size_t b) {
      return requests_[a].arrival != requests_[b].arrival ? requests_[a].arrival < requests_[b].arrival : a < b;
    };
    std::sort(retried.begin(), retried.end(), earlier);
    std::deque<std::size_t> merged;
    std::merge(retried.begin(), retried.end(), backlog_.begin(), backlog_.end(), std::back_inserter(merged), earlier);
    backlog_.swap(merged);
  }

  // No replica will ever serve again (each is down for good or cannot load its weights).
  bool hopeless() const
  {
    return std::all_of(replicas_.begin(), replicas_.end(), [](const Replica& rep) { return rep.lost(); });
  }

  // When no replica will ever serve again, the requests at the router join `failing`, with that cause.
  void fail_if_hopeless(std::vector<std::pair<std::size_t, std::string>>& failing)
  {
    if (lost_cause_.empty() || !hopeless())
      return;
    for (std::size_t i : backlog_)
      failing.emplace_back(i, "no replica left to serve it: " + lost_cause_);
    backlog_.clear();
  }

  // Request i failed at `now` for `cause` (README "Failures"): no times after its arrival are kept.
  void fail(std::size_t i, const std::string& cause, double now)
  {
    RunRecords& records = sim_.recorder.records();
    JobRecord& rec      = job_records_[i];
    rec.start = rec.end = now;
    rec.status          = JobStatus::Failed;
    rec.cause           = cause;
    records.inference.requests[i].failed = cause;
    request_done();
  }

  // A replica serves again (its hosts back, its weights reloaded): its outage record ends.
  void end_outage(std::size_t r, double now)
  {
    Replica& rep = replicas_[r];
    if (rep.outage >= 0)
      sim_.recorder.records().inference.outages[static_cast<std::size_t>(rep.outage)].serving = now;
    rep.outage = -1;
  }

  // Routes waiting arrivals while some replica takes requests (none may: all booting, or all at their
  // max_outstanding).
  void route_backlog()
  {
    auto any_takes = [this] {
      for (std::size_t r = 0; r < replicas_.size(); ++r)
        if (is_active(r))
          return true;
      return false;
    };
    while (!backlog_.empty() && any_takes()) {
      std::size_t i = backlog_.front();
      backlog_.pop_front();
      QueuedJob job;
      job.id       = requests_[i].id;
      job.submit   = requests_[i].arrival;
      job.estimate = requests_[i].estimate;
      std::size_t r = policy_->route(*this, job);
      if (r >= replicas_.size() || !is_active(r))
        throw std::logic_error("policy routed request " + std::to_string(job.id) + " to an unusable replica");
      requests_[i].replica = static_cast<int>(r);
      replicas_[r].batcher->enqueue(i);
      to_wake_.push_back(r);
    }
  }

  void reject(std::size_t i, const char* cause)
  {
    RunRecords& records = sim_.recorder.records();
    JobRecord& rec      = job_records_[i];
    rec.start = rec.end = requests_[i].arrival; // turned away on arrival: it never waits
    rec.status          = JobStatus::Failed;
    rec.cause           = fmt::format("rejected on arrival ({}): its KV cache of {:.4g} GB exceeds a replica's {:.4g} GB",
                                      cause, requests_[i].kv_need / 1e9, replicas_.front().batcher->capacity() / 1e9);
    records.inference.requests[i].rejected = cause;
    request_done();
  }

  void request_done()
  {
    if (++done_ < requests_.size())
      return;
    if (failures_)
      failures_->stop(); // failures never prolong a run
    for (std::size_t r = 0; r < replicas_.size(); ++r)
      wake(r); // every replica actor ends
  }

  void serve(std::size_t r)
  {
    Replica& rep = replicas_[r];
    std::unique_lock lock(*rep.mutex);
    std::vector<std::size_t> ended;
    for (;;) {
      if (done_ == requests_.size())
        return;
      if (rep.power != PowerState::Active || rep.down()) {
        wait(rep, lock);
        continue;
      }
      double now = sg4::Engine::get_clock();
      StepPlan p = rep.batcher->plan(now);
      if (p.kind == StepKind::Idle) {
        wait(rep, lock);
        continue;
      }
      if (p.kind == StepKind::Wait) {
        wait(rep, lock, p.until);
        continue;
      }
      if (rep.busy_start < 0) {
        rep.busy_start = now;
        rep.busy_flops = 0;
      }
      std::uint64_t epoch = rep.epoch;
      if (!failures_) {
        sg4::this_actor::sleep_for(p.duration);
      } else { // a failure of its host cuts the step short (host_down bumps the epoch and wakes it)
        double step_end = now + p.duration;
        while (rep.epoch == epoch && sg4::Engine::get_clock() < step_end - kTimeResolution)
          rep.cv->wait_until(lock, step_end);
      }
      if (rep.epoch != epoch)
        continue; // a host failed during the step: host_down took its requests back, the step is lost
      double end = sg4::Engine::get_clock();
      ended.clear();
      rep.batcher->step_ended(end, ended);
      rep.busy_flops += rep.model->flops(p.tokens);
      InferenceRecords& inf = sim_.recorder.records().inference;
      inf.steps.push_back(StepRecord{now, end, static_cast<int>(r), p.batch, p.kind == StepKind::Prefill,
                                     rep.batcher->kv_used()});
      for (std::size_t i : ended)
        complete(i, static_cast<int>(r));
      if (spec_.max_outstanding > 0 && !ended.empty() && !backlog_.empty()) { // room again: the router hands out
        route_backlog();
        wake_routed();
      }
      if (rep.batcher->idle())
        end_busy_period(r, end);
    }
  }

  void complete(std::size_t i, int replica)
  {
    RunRecords& records    = sim_.recorder.records();
    const ServedRequest& q = requests_[i];
    JobRecord& rec         = job_records_[i];
    rec.start              = q.admitted;
    rec.end                = q.end;
    rec.status             = JobStatus::Completed;
    for (int p : replicas_[static_cast<std::size_t>(replica)].pool)
      rec.hosts.push_back(p);
    RequestRecord& out = records.inference.requests[i];
    out.replica        = replica;
    out.admitted       = q.admitted;
    out.first_token    = q.first_token;
    out.end            = q.end;
    request_done();
  }

  // A replica's busy period ended: its GPUs' compute, one record per GPU, and the GPU-seconds it held.
  void end_busy_period(std::size_t r, double end)
  {
    Replica& rep = replicas_[r];
    double k     = static_cast<double>(rep.gpus.size());
    for (int p : rep.pool) {
      ActivityRecord a{StageKind::Compute, rep.busy_start, end, rep.busy_flops / k, p};
      a.uses = ResourceClass::Host;
      sim_.recorder.stage(a);
    }
    sim_.recorder.records().inference.busy_gpu_seconds += (end - rep.busy_start) * k;
    rep.busy_start = -1;
    rep.idle_since = end;
  }

  // The autoscaler's view: each replica's power state, whether it is stepping, and the requests waiting (at
  // the router and at the replicas). A replica that is down, or cannot load its weights, is left out (neither
  // capacity, nor one to switch on or off): `units_` maps the view's units to replicas.
  PoolState pool_state(double now)
  {
    PoolState state;
    state.now    = now;
    state.queued = backlog_.size();
    units_.clear();
    for (std::size_t r = 0; r < replicas_.size(); ++r) {
      const Replica& rep = replicas_[r];
      if (rep.down() || rep.unloadable)
        continue;
      units_.push_back(r);
      state.power.push_back(rep.power);
      state.idle_since.push_back(rep.idle_since);
      state.busy.push_back(!rep.batcher->idle());
      state.queued += rep.batcher->waiting();
    }
    return state;
  }

  void switch_off(std::size_t r, double now)
  {
    Replica& rep = replicas_[r];
    rep.power    = PowerState::Off;
    for (int& open : rep.power_record) {
      sim_.recorder.records().power[static_cast<std::size_t>(open)].off = now;
      open                                                              = -1;
    }
  }

  // Boots for boot_time, then loads the weights (when a tier is named), then serves.
  void boot(std::size_t r, double now)
  {
    Replica& rep     = replicas_[r];
    double boot_time = sim_.world.scenario().autoscale.boot_time;
    rep.power        = PowerState::Booting;
    power_on(r, now, -1);
    std::size_t cold = sim_.recorder.records().inference.cold_starts.size();
    sim_.recorder.records().inference.cold_starts.push_back(ColdStartRecord{static_cast<int>(r), now, -1, -1, 0});
    sg4::Actor::create("boot-replica-" + std::to_string(r), rep.cpu, [this, r, boot_time, cold] {
      sg4::Actor::self()->daemonize();
      sg4::this_actor::sleep_for(boot_time);
      RunRecords& records = sim_.recorder.records();
      records.inference.cold_starts[cold].booted = sg4::Engine::get_clock();
      if (!bring_up(r))
        return; // it will never serve (a host or a link that never comes back)
      if (spec_.weights_tier >= 0)
        records.inference.cold_starts[cold].weight_bytes = replicas_[r].model->figures().weight_bytes;
      double active = sg4::Engine::get_clock();
      records.inference.cold_starts[cold].serving = active;
      Replica& rep                                = replicas_[r];
      for (int open : rep.power_record)
        records.power[static_cast<std::size_t>(open)].active_from = active;
      rep.power      = PowerState::Active;
      rep.idle_since = active;
      end_outage(r, active);
      route_backlog();
      to_wake_.push_back(r);
      wake_routed();
    });
  }

  // Once its hosts are up, loads the replica's weights (when a tier is named); a failure of its host meanwhile
  // means waiting for it and loading again, a link failure cutting the load means loading again once the links
  // are back. False: it never will serve (then, if no replica will, the requests at the router fail).
  bool bring_up(std::size_t r)
  {
    Replica& rep = replicas_[r];
    for (;;) {
      if (rep.down()) {
        if (rep.lost())
          return false;
        std::unique_lock lock(*rep.up_mutex);
        while (rep.down())
          rep.up_cv->wait(lock);
        continue;
      }
      if (spec_.weights_tier < 0)
        return true;
      std::uint64_t epoch = rep.epoch;
      LoadFailure failure;
      if (load_weights(r, failure)) {
        if (rep.epoch == epoch && !rep.down())
          return true;
        continue; // its host failed while it loaded
      }
      double back = failure.back >= 0 ? failure.back : sg4::Engine::get_clock();
      if (std::isinf(back)) {
        rep.unloadable = true;
        lost_cause_    = failure.cause + ", which never came back";
        std::vector<std::pair<std::size_t, std::string>> failing;
        fail_if_hopeless(failing);
        for (const auto& [i, cause] : failing)
          fail(i, cause, sg4::Engine::get_clock());
        replace_failed(sg4::Engine::get_clock());
        return false;
      }
      sleep_past(back);
    }
  }

  // Sleeps until `t`, then lets the failure injector apply what happens at `t` (a link back) before going on.
  static void sleep_past(double t)
  {
    if (t > sg4::Engine::get_clock())
      sg4::this_actor::sleep_until(t);
    sg4::this_actor::yield();
  }

  // Why a weight load failed and when it may be tried again: the latest of its failed parts' times (a flow cut by
  // a link failure: when the down links of that flow's route are back, every link down if none of them is; data no
  // live host serves: when it may be), and that part's cause.
  struct LoadFailure {
    double back = -1;
    std::string cause;
    void add(double at, const std::string& why)
    {
      if (at > back) { // the first part's time is at least 0
        back  = at;
        cause = why;
      }
    }
  };

  // A flow of a weight load whose comms cross `crossed` failed now: a link went down.
  void flow_failed(LoadFailure& failure, const std::vector<sg4::Link*>& crossed) const
  {
    failure.add(failures_->links_back_at(crossed), failures_->cause_now(crossed));
  }

  // The replica's weights from the weights tier: a read of W bytes by the node's CPU host (streamed from the
  // tier's host over the network while its disk reads, for a disk or cache tier on another host), then W / tp
  // to each GPU over its PCIe link, all GPUs at once.
  // False: a failure cut it (`failure` says why and when to try again); nothing of it is recorded then.
  bool load_weights(std::size_t r, LoadFailure& failure)
  {
    Replica& rep          = replicas_[r];
    World& world          = sim_.world;
    const int tier        = spec_.weights_tier;
    const StorageTier& ts = world.scenario().tiers[static_cast<std::size_t>(tier)];
    const double bytes    = rep.model->figures().weight_bytes;
    JobSpec part;
    part.id      = -1 - static_cast<std::int64_t>(r); // the model's object: the same for every replica
    part.amounts = {bytes};
    part.objects = {0};
    Stage read;
    read.kind   = StageKind::Read;
    read.params = StorageStageParams{tier, 1, false};
    std::vector<sg4::Host*> reader{rep.cpu};
    StageContext context{part, 0, read, class_, reader};
    sg4::ActorPtr shipping;
    auto ship_failure = std::make_shared<LoadFailure>();
    if (!ts.delivers_to_reader()) {
      sg4::Host* from = world.host_for(ts.role, 0, rep.cpu);
      if (from != rep.cpu) {
        const TransferSettings& settings = context.transfer(world.scenario());
        sg4::Host* to                    = rep.cpu;
        shipping = sg4::Actor::create("ship-weights", from, [this, from, to, bytes, &settings, ship_failure] {
          StageRun wire;
          double on_wire = wire_bytes(bytes, settings);
          wire.steps.push_back(Step::starting(
              [=, &settings](ActivitySink& sink) { return start_wire(sink, from, to, on_wire, settings); }));
          double t0 = sg4::Engine::get_clock();
          std::vector<sg4::Link*> crossed;
          try {
            run_steps(wire.steps, &crossed);
          } catch (const simgrid::Exception&) { // a link went down under the flow
            if (!failures_)
              throw;
            flow_failed(*ship_failure, crossed);
            return;
          }
          sim_.recorder.wire(sim_.world.route_index(from, to), on_wire, t0, sg4::Engine::get_clock());
        });
      }
    }
    StageRun run;
    double start = sg4::Engine::get_clock();
    std::vector<sg4::Link*> crossed;
    try {
      sim_.tiers[tier].plan_read(context, run);
      run_steps(run.steps, &crossed);
    } catch (const DataUnavailable& unavailable) {
      failure.add(unavailable.back(), unavailable.cause());
    } catch (const simgrid::Exception&) {
      if (!failures_)
        throw;
      flow_failed(failure, crossed);
    }
    if (shipping)
      shipping->join();
    if (ship_failure->back >= 0)
      failure.add(ship_failure->back, ship_failure->cause);
    if (failure.back >= 0)
      return false;
    double now            = sg4::Engine::get_clock();
    ActivityRecord record = run.record;
    record.kind           = StageKind::Read;
    record.start          = start;
    record.end            = now;
    record.amount         = bytes;
    sim_.recorder.stage(record);
    for (auto& account : run.on_finish)
      account(now);
    std::vector<sg4::CommPtr> copies;
    double t0    = sg4::Engine::get_clock();
    double shard = bytes / static_cast<double>(rep.gpus.size());
    for (sg4::Host* gpu : rep.gpus)
      if (gpu != rep.cpu)
        copies.push_back(sg4::Comm::sendto_async(rep.cpu, gpu, static_cast<std::uint64_t>(shard)));
    for (auto& c : copies)
      try {
        c->wait();
      } catch (const simgrid::Exception&) { // a PCIe link went down
        if (!failures_)
          throw;
        std::vector<sg4::Link*> route;
        find_route(c->get_source(), c->get_destination(), route);
        flow_failed(failure, route);
      }
    if (failure.back >= 0)
      return false;
    for (sg4::Host* gpu : rep.gpus)
      if (gpu != rep.cpu)
        sim_.recorder.wire(world.route_index(rep.cpu, gpu), shard, t0, sg4::Engine::get_clock());
    return true;
  }

  SimContext sim_;
  const JobClass& class_;
  const InferenceSpec& spec_;
  sg4::MutexPtr mutex_;
  std::vector<Replica> replicas_;
  std::vector<ServedRequest> requests_;
  std::vector<JobRecord> job_records_; // per request, in job order; RunRecords::jobs takes them at the end
  std::deque<std::size_t> backlog_; // arrived while no replica was active
  struct IngestQueue {
    int in_flight = 0;
    std::deque<std::size_t> waiting; // payloads waiting for a connection
  };
  std::vector<IngestQueue> ingest_queues_; // per host of the ingest's `from` role
  std::vector<std::size_t> to_wake_; // replicas given requests since the last wake_routed()
  std::unique_ptr<SchedulingPolicy> policy_;
  const std::vector<JobSpec>* jobs_ = nullptr;
  FailureInjector* failures_        = nullptr;
  // Failures: the replicas (and their host slot) each host belongs to; the cause given to requests when no
  // replica will serve again (empty until one is lost for good); the autoscaler's units (replicas up) by index.
  std::unordered_map<const sg4::Host*, std::vector<std::pair<std::size_t, std::size_t>>> host_slots_;
  std::string lost_cause_;
  std::vector<std::size_t> units_;
  std::size_t done_                 = 0; // requests served or rejected
  const std::deque<QueuedJob> no_queue_;
  const std::vector<RunningJob> no_running_;
};

InferenceServer::InferenceServer(SimContext sim) : impl_(std::make_unique<Impl>(sim)) {}
InferenceServer::~InferenceServer() = default;
void InferenceServer::start(const std::vector<JobSpec>& jobs)
{
  impl_->start(jobs);
}
void InferenceServer::finish(double end)
{
  impl_->finish(end);
}
void InferenceServer::set_failures(FailureInjector* failures)
{
  impl_->set_failures(failures);
}
FailureObserver* InferenceServer::failure_observer()
{
  return impl_.get();
}

} // namespace dcflow
