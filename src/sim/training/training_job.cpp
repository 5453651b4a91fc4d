// A data-parallel training job, iteration by iteration (README "Training jobs"):
//   wait until every GPU has a batch  (data wait)
//   forward = 1/3 of the batch's flops on every GPU; the all-to-all, if any; backward = 2/3
//   the gradients' all-reduce starts after (1 - overlap) of the backward pass and runs beside the rest of it
//   every `every` iterations a checkpoint: one shard per GPU, written from the GPU's node to the tier
//   after an iteration during which one of its hosts failed (README "Failures"): a restart from the last
//   checkpoint completed before the failure, once the host is back, reading each GPU's shard back
//   when one of its flows fails (a link down: a collective, a batch's read or copy, a checkpoint shard) or its
//   data is unavailable (DataUnavailable: a dfs block, a gateway, a disk): the same restart, at once if the
//   trainer's own collective failed, else at the end of the iteration in progress; new loads wait meanwhile
// GPUs of one job are alike and the batch is the same on each, so starting every GPU's forward pass when the
// last batch is there gives the iteration the same end as starting each GPU as its own batch arrives: the
// all-reduce waits for the last GPU either way.
#include "sim/training/training_job.hpp"

#include "analytic/training_model.hpp"
#include "sim/collectives.hpp"
#include "sim/failures/data_unavailable.hpp"
#include "sim/failures/failure_injector.hpp"
#include "sim/recorder.hpp"
#include "sim/routing.hpp"
#include "sim/simgrid_compat.hpp"
#include "sim/stages/wire.hpp"
#include "sim/run_steps.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

class TrainingJob {
public:
  TrainingJob(SimContext sim, const JobSpec& job, const std::vector<sg4::Host*>& gpus,
              std::vector<HostOutage>* pending, const FailureInjector* failures)
      : pending_(pending), failures_(failures), sim_(sim), job_(job), class_(sim.world.scenario().workload.classes[job.job_class]), spec_(*class_.training),
        figures_(training_figures(spec_)), gpus_(gpus), k_(gpus.size()), ready_(k_, 0), loading_(k_, 0), copying_(k_, 0),
        next_load_(k_, 0), retry_(k_), mutex_(sg4::Mutex::create()), cv_(sg4::ConditionVariable::create())
  {
    // GPUs grouped by node (the collectives want a node's ranks contiguous), in pool order within a node.
    group_ = group_by_node(sim_.world, gpus_);
    gpus_  = group_.ranks;
    for (sg4::Host* g : gpus_) {
      feeders_.push_back(sim_.world.feeding_host(g));
      pool_.push_back(static_cast<int>(*sim_.world.pool_index(g)));
    }
    // Hierarchical all-reduce needs as many GPUs on every node; a job the scheduler spread unevenly runs a ring.
    algorithm_                   = runnable_algorithm(spec_.allreduce.algorithm, group_);
    record_.hierarchical_as_ring = algorithm_ != spec_.allreduce.algorithm;
    record_.job   = job.id;
    record_.gpus  = static_cast<int>(k_);
    record_.start = sg4::Engine::get_clock();
    restored_at_  = record_.start;
    to_load_      = spec_.iterations;
  }

  // Runs to the last iteration; returns why the job could not (a host or link that never came back), or "".
  std::string run()
  {
    const bool input = spec_.input.tier >= 0;
    if (input)
      for (std::size_t w = 0; w < k_; ++w)
        refill(w);
    std::int64_t i = 0; // iterations done
    for (;;) {
      while (i < spec_.iterations) {
        bool ran = true; // the iteration ran to its end (no flow of its own failed)
        if (input) {
          double asked = sg4::Engine::get_clock();
          wait_until([this] { return workers_ready_ == k_ || !faults_.empty(); });
          record_.data_wait += sg4::Engine::get_clock() - asked;
          if (!faults_.empty()) {
            ran = false;
          } else {
            ++consumed_;
            for (std::size_t w = 0; w < k_; ++w) {
              if (--ready_[w] == 0)
                --workers_ready_;
              refill(w);
            }
          }
        }
        if (ran && iteration()) {
          ++record_.iterations;
          ++i;
          if (spec_.checkpoint.every > 0 && i % spec_.checkpoint.every == 0)
            checkpoint(i);
        }
        if ((pending_ && !pending_->empty()) || !faults_.empty()) {
          i = restart(i);
          if (!failed_.empty())
            break;
        }
      }
      if (!failed_.empty())
        break;
      double drain = sg4::Engine::get_clock();
      wait_until([this] { return shards_left_ == 0; });
      record_.checkpoint_stall += sg4::Engine::get_clock() - drain;
      if (faults_.empty())
        break;
      i = restart(i); // the last checkpoint failed: back to the one before
      if (!failed_.empty())
        break;
    }
    record_.end = sg4::Engine::get_clock();
    if (!failed_.empty()) { // stopped short: the loads still running end first (their actors use this object);
      paused_ = true;       // the job holds its hosts until then, its training record ends now
      wait_until([this] {
        return shards_left_ == 0 && std::all_of(loading_.begin(), loading_.end(), [](int n) { return n == 0; }) &&
               std::all_of(copying_.begin(), copying_.end(), [](int n) { return n == 0; });
      });
    }
    record_.samples = static_cast<double>(record_.iterations) * spec_.batch * static_cast<double>(k_);
    record_.tokens  = record_.samples * spec_.model.tokens_per_sample;
    sim_.recorder.training(record_);
    return failed_;
  }

private:
  void wait_until(const std::function<bool()>& done)
  {
    std::unique_lock lock(*mutex_);
    while (!done())
      cv_->wait(lock);
  }

  // Starts loads for GPU w while it has a free reader and room ahead of the GPU: a batch whose load failed first,
  // then the next. None while a failed flow is being handled.
  void refill(std::size_t w)
  {
    const int depth = spec_.input.readers * spec_.input.prefetch;
    while (!paused_ && loading_[w] < spec_.input.readers && ready_[w] + loading_[w] + copying_[w] < depth &&
           (!retry_[w].empty() || next_load_[w] < to_load_)) {
      std::int64_t batch = 0;
      if (retry_[w].empty()) {
        batch = next_load_[w]++;
      } else {
        batch = retry_[w].front();
        retry_[w].erase(retry_[w].begin());
      }
      ++loading_[w];
      sg4::Actor::create("load", feeders_[w], [this, w, batch] { load(w, batch); });
    }
  }

  // The object batch `batch` of GPU w reads: the dataset's files in turn (shared by every job of the class),
  // else a file of this job's own that is never read again.
  std::int64_t file_of(std::size_t w, std::int64_t batch) const
  {
    std::int64_t n = batch * static_cast<std::int64_t>(k_) + static_cast<std::int64_t>(w);
    if (spec_.input.files > 0)
      return n % spec_.input.files;
    return (job_.id << 32) + n;
  }

  // One batch for GPU w: read from the dataset tier, shipped to the node, decoded, copied to the GPU.
  void load(std::size_t w, std::int64_t batch)
  {
    World& world          = sim_.world;
    sg4::Host* node       = feeders_[w];
    std::int64_t file     = file_of(w, batch);
    if (!tier_io(StageKind::Read, spec_.input.tier, file, spec_.input.files, figures_.batch_bytes, node)) {
      --loading_[w]; // to be loaded again: now if the failure was handled meanwhile, else once it is
      retry_[w].push_back(batch);
      refill(w);
      cv_->notify_all();
      return;
    }
    if (spec_.input.decode_flops > 0)
      start_exec(node, spec_.input.decode_flops * spec_.batch)->wait();
    // The reader is free once its batch is decoded (PyTorch's workers hand batches to the main process, which
    // copies them to the GPU); the batch still holds its place ahead of the GPU until the GPU takes it.
    --loading_[w];
    ++copying_[w];
    refill(w);
    double per_sample = spec_.input.decoded_bytes.value_or(spec_.input.sample_bytes);
    if (node != gpus_[w] && per_sample > 0) { // host to device over the node's PCIe link: a DMA copy, no protocol
      double bytes = per_sample * spec_.batch;
      double t0    = sg4::Engine::get_clock();
      try {
        sg4::Comm::sendto(node, gpus_[w], static_cast<std::uint64_t>(bytes));
      } catch (const simgrid::Exception& error) {
        --copying_[w];
        retry_[w].push_back(batch);
        std::vector<sg4::Link*> crossed;
        find_route(node, gpus_[w], crossed);
        flow_failed(error, crossed);
        refill(w);
        return;
      }
      sim_.recorder.wire(world.route_index(node, gpus_[w]), bytes, t0, sg4::Engine::get_clock());
    }
    --copying_[w];
    if (ready_[w]++ == 0)
      ++workers_ready_;
    cv_->notify_all();
  }

  // `bytes` from `src` to `dst` with the class's transfer settings, recorded on the route. A failed flow throws
  // on, after putting the links of its route in `crossed`.
  void ship(sg4::Host* src, sg4::Host* dst, double bytes, const TransferSettings& settings,
            std::vector<sg4::Link*>& crossed)
  {
    StageRun wire;
    double on_wire = wire_bytes(bytes, settings);
    wire.steps.push_back(Step::starting([=, &settings](ActivitySink& sink) {
      return start_wire(sink, src, dst, on_wire, settings);
    }));
    double t0  = sg4::Engine::get_clock();
    run_steps(wire.steps, &crossed);
    double now = sg4::Engine::get_clock();
    sim_.recorder.wire(sim_.world.route_index(src, dst), on_wire, t0, now);
  }

  // `fraction` of a batch's flops on every GPU at once; returns when the last ends.
  void compute(double fraction)
  {
    if (fraction <= 0)
      return;
    double flops = figures_.batch_flops * fraction;
    double start = sg4::Engine::get_clock();
    std::vector<sg4::ExecPtr> execs;
    execs.reserve(k_);
    for (sg4::Host* g : gpus_)
      execs.push_back(start_exec(g, flops / figures_.speedup));
    for (auto& e : execs)
      e->wait();
    double end = sg4::Engine::get_clock();
    record_.compute += end - start;
    for (std::size_t w = 0; w < k_; ++w) {
      ActivityRecord r{StageKind::Compute, start, end, flops, pool_[w]};
      r.uses = ResourceClass::Host;
      sim_.recorder.stage(r);
    }
  }

  // One collective among the job's GPUs, in the calling actor; false if one of its flows failed (reported).
  bool collective(CollectiveOp op, double bytes)
  {
    StageRun run;
    plan_collective(sim_, op, algorithm_, group_, bytes, run.steps);
    std::vector<sg4::Link*> crossed;
    try {
      run_steps(run.steps, &crossed);
    } catch (const simgrid::Exception& error) {
      flow_failed(error, crossed);
      return false;
    }
    return true;
  }

  // One iteration; false if one of its collectives failed (the time it ran until then is exposed communication).
  bool iteration()
  {
    compute(1.0 / 3);
    if (spec_.alltoall_bytes > 0 && k_ > 1) {
      double start = sg4::Engine::get_clock();
      bool done    = collective(CollectiveOp::AllToAll, spec_.alltoall_bytes);
      double t     = sg4::Engine::get_clock() - start;
      record_.exposed_comm += t;
      if (!done)
        return false;
      record_.alltoall_time += t;
      ++record_.alltoalls;
      record_.alltoall_bytes = spec_.alltoall_bytes;
    }
    if (k_ == 1) {
      compute(2.0 / 3);
      return true;
    }
    double overlap = spec_.allreduce.overlap;
    compute(2.0 / 3 * (1 - overlap));
    double ar_start = sg4::Engine::get_clock();
    double ar_end   = ar_start;
    bool reduced    = true;
    sg4::ActorPtr allreduce = sg4::Actor::create("allreduce", gpus_.front(), [this, &ar_end, &reduced] {
      reduced = collective(CollectiveOp::AllReduce, figures_.gradient_bytes);
      ar_end  = sg4::Engine::get_clock();
    });
    compute(2.0 / 3 * overlap);
    double backward_end = sg4::Engine::get_clock();
    allreduce->join();
    record_.exposed_comm += std::max(0.0, ar_end - backward_end);
    if (!reduced)
      return false;
    record_.allreduce_time += ar_end - ar_start;
    ++record_.allreduces;
    record_.allreduce_bytes = figures_.gradient_bytes;
    return true;
  }

  // A flow of the job failed (`error`: a link down, or DataUnavailable): noted for the trainer, which restarts
  // from the last checkpoint once what failed is back; no new loads start meanwhile. A link failure is blamed on
  // the links down now among `crossed`, those of the failed flows' routes (every link down if none of them is).
  void flow_failed(const simgrid::Exception& error, const std::vector<sg4::Link*>& crossed)
  {
    HostOutage fault{nullptr, sg4::Engine::get_clock(), INFINITY, error.what()};
    if (const auto* data = dynamic_cast<const DataUnavailable*>(&error)) {
      fault.cause = data->cause();
      fault.up    = data->back();
    } else if (failures_) {
      fault.cause = failures_->cause_now(crossed);
      fault.up    = failures_->links_back_at(crossed);
    }
    faults_.push_back(fault);
    paused_ = true;
    cv_->notify_all();
  }

  // A checkpoint: one shard per GPU, from its node to the checkpoint tier. Sync: training waits for every shard;
  // async: it goes on, and waits only if the previous checkpoint is still being written.
  void checkpoint(std::int64_t done)
  {
    double asked = sg4::Engine::get_clock();
    wait_until([this] { return shards_left_ == 0; });
    shards_left_  = static_cast<int>(k_);
    shard_failed_ = false;
    writing_      = SavedState{done, asked, 0};
    ++record_.checkpoints;
    checkpoint_started_ = sg4::Engine::get_clock();
    for (std::size_t w = 0; w < k_; ++w)
      sg4::Actor::create("checkpoint", feeders_[w], [this, w] { write_shard(w); });
    if (spec_.checkpoint.mode == CheckpointMode::Sync)
      wait_until([this] { return shards_left_ == 0; });
    record_.checkpoint_stall += sg4::Engine::get_clock() - asked;
  }

  void write_shard(std::size_t w)
  {
    double bytes = figures_.checkpoint_bytes / static_cast<double>(k_);
    std::int64_t shard = job_.id * static_cast<std::int64_t>(k_) + static_cast<std::int64_t>(w);
    if (!tier_io(StageKind::Write, spec_.checkpoint.tier, shard, 0, bytes, feeders_[w]))
      shard_failed_ = true; // the checkpoint is incomplete: never restored from
    if (--shards_left_ == 0) {
      record_.checkpoint_time += sg4::Engine::get_clock() - checkpoint_started_;
      writing_.complete = sg4::Engine::get_clock();
      if (!shard_failed_)
        saved_.push_back(writing_);
    }
    cv_->notify_all();
  }

  // One of the job's hosts failed during the iteration that made `done` iterations, or one of its flows failed
  // (`done`: the iterations completed): back to the last checkpoint completed before the failure (none: the
  // start), once every failed host or link is back, reading each GPU's shard of it from the checkpoint tier (again
  // if a read fails). Returns the iterations done at the restored state.
  std::int64_t restart(std::int64_t done)
  {
    double begin = sg4::Engine::get_clock();
    std::vector<HostOutage> outages;
    if (pending_) {
      outages = std::move(*pending_);
      pending_->clear();
    }
    // A checkpoint being written still uses this object: let it end; it counts only if it ended before the failure.
    wait_until([this] { return shards_left_ == 0; });
    take_faults(outages);
    double failed = outages.front().down;
    for (const auto& o : outages)
      failed = std::min(failed, o.down);
    while (!saved_.empty() && saved_.back().complete > failed)
      saved_.pop_back();
    std::int64_t resume = saved_.empty() ? 0 : saved_.back().iterations;
    double state_time   = std::max(saved_.empty() ? record_.start : saved_.back().taken, restored_at_);
    bool lost_counted   = false;
    double wait_from    = begin; // waiting for what failed (and for a checkpoint being written) since
    for (;;) {
      double back = sg4::Engine::get_clock();
      for (const auto& o : outages)
        back = std::max(back, o.up);
      if (std::isinf(back)) { // a host or link never comes back: the job cannot go on
        for (const auto& o : outages)
          if (std::isinf(o.up)) {
            failed_ = o.host ? o.cause + ", which never came back" : o.cause;
            break;
          }
        return resume;
      }
      if (!lost_counted) {
        lost_counted = true;
        record_.lost_time += std::max(0.0, failed - state_time);
        record_.redone_iterations += done - resume;
        record_.iterations = resume;
        to_load_           = consumed_ + spec_.iterations - resume;
      }
      if (back > sg4::Engine::get_clock())
        sg4::this_actor::sleep_until(back);
      if (paused_) // a link back at this instant is switched on by the failure actor, which may run after this one
        sg4::this_actor::yield();
      record_.repair_wait += sg4::Engine::get_clock() - wait_from;
      wait_from = sg4::Engine::get_clock();
      if (!faults_.empty()) { // more of the job's flows failed meanwhile (loads in flight): wait for those too
        take_faults(outages);
        continue;
      }
      double reload = sg4::Engine::get_clock();
      if (resume > 0) { // every GPU reads its shard back, each from its node, at once
        shards_left_ = static_cast<int>(k_);
        for (std::size_t w = 0; w < k_; ++w)
          sg4::Actor::create("reload", feeders_[w], [this, w] {
            std::int64_t shard = job_.id * static_cast<std::int64_t>(k_) + static_cast<std::int64_t>(w);
            tier_io(StageKind::Read, spec_.checkpoint.tier, shard, 0,
                    figures_.checkpoint_bytes / static_cast<double>(k_), feeders_[w]);
            --shards_left_;
            cv_->notify_all();
          });
        wait_until([this] { return shards_left_ == 0; });
      }
      record_.reload_time += sg4::Engine::get_clock() - reload;
      wait_from = sg4::Engine::get_clock();
      if (faults_.empty())
        break;
      take_faults(outages); // a shard could not be read back: wait for what failed, then read it again
    }
    ++record_.restarts;
    record_.restart_time += sg4::Engine::get_clock() - begin;
    restored_at_ = sg4::Engine::get_clock();
    paused_      = false;
    if (spec_.input.tier >= 0)
      for (std::size_t w = 0; w < k_; ++w)
        refill(w);
    return resume;
  }

  // Moves the failed flows noted so far into `outages`.
  void take_faults(std::vector<HostOutage>& outages)
  {
    outages.insert(outages.end(), faults_.begin(), faults_.end());
    faults_.clear();
  }

  // `bytes` of object `id` read from (kind Read) or written to (Write) `tier` by `node`, as the tier serves a
  // read or write stage (`objects`: the stage's objects key), recorded as one. A disk or cache tier on another
  // host streams the bytes over the network while its disk works, as a network file read or write does: the
  // stage ends when both have. False if a flow failed or the data was unavailable (reported with flow_failed;
  // when the stream fails, the tier's own work in progress ends first; when the tier's part fails, the stream
  // is stopped), and nothing is recorded.
  bool tier_io(StageKind kind, int tier, std::int64_t id, std::int64_t objects, double bytes, sg4::Host* node)
  {
    World& world           = sim_.world;
    const StorageTier& def = world.scenario().tiers[static_cast<std::size_t>(tier)];
    JobSpec part;
    part.id      = id;
    part.amounts = {bytes};
    part.objects = {objects > 0 ? id : -1};
    Stage stage;
    stage.kind   = kind;
    stage.params = StorageStageParams{tier, objects, false};
    std::vector<sg4::Host*> client{node};
    StageContext context{part, 0, stage, class_, client};
    double start = sg4::Engine::get_clock();
    sg4::ActorPtr shipping;
    bool shipped = true;
    if (!def.delivers_to_reader()) {
      sg4::Host* far = world.host_for(def.role, id, node);
      if (far != node) {
        const TransferSettings& settings = context.transfer(world.scenario());
        sg4::Host* src                   = kind == StageKind::Read ? far : node;
        sg4::Host* dst                   = kind == StageKind::Read ? node : far;
        shipping = sg4::Actor::create("ship", src, [this, src, dst, bytes, &settings, &shipped] {
          std::vector<sg4::Link*> crossed;
          try {
            ship(src, dst, bytes, settings, crossed);
          } catch (const simgrid::Exception& error) {
            shipped = false;
            flow_failed(error, crossed);
          }
        });
      }
    }
    StageRun run;
    std::vector<sg4::Link*> crossed;
    try {
      if (kind == StageKind::Read)
        sim_.tiers[tier].plan_read(context, run);
      else
        sim_.tiers[tier].plan_write(context, run);
      run_steps(run.steps, &crossed);
    } catch (const simgrid::Exception& error) {
      flow_failed(error, crossed);
      if (shipping)
        shipping->kill(); // its flow is cancelled
      return false;
    }
    if (shipping)
      shipping->join();
    if (!shipped)
      return false;
    double now            = sg4::Engine::get_clock();
    ActivityRecord record = run.record;
    record.kind           = kind;
    record.start          = start;
    record.end            = now;
    record.amount         = bytes;
    sim_.recorder.stage(record);
    for (auto& account : run.on_finish)
      account(now);
    return true;
  }

  // A checkpoint: the iterations it holds, when it was taken (the end of its iteration) and completed.
  struct SavedState {
    std::int64_t iterations = 0;
    double taken            = 0;
    double complete         = 0;
  };

  std::vector<HostOutage>* pending_;  // failures of the job's hosts, not yet handled
  const FailureInjector* failures_;  // the run's failures (null without): why a flow failed, when it may go on
  std::vector<HostOutage> faults_;   // the job's failed flows, not yet handled (host: null)
  bool paused_       = false;        // a failed flow is being handled: no new loads
  bool shard_failed_ = false;        // a shard of the checkpoint being written failed
  std::string failed_;               // why the job stopped for good (a host or link that never came back)
  std::vector<SavedState> saved_;    // completed checkpoints, oldest first
  SavedState writing_;
  double restored_at_   = 0; // the job's start, or the end of its last restart
  std::int64_t to_load_ = 0; // batches each GPU loads: the iterations, plus those run again after restarts
  SimContext sim_;
  const JobSpec& job_;
  const JobClass& class_;
  const TrainingSpec& spec_;
  TrainingFigures figures_;
  std::vector<sg4::Host*> gpus_;
  std::size_t k_;
  std::vector<sg4::Host*> feeders_; // per GPU: the host that loads its batches
  std::vector<int> pool_;           // per GPU: its index in the compute pool
  CollectiveGroup group_;
  CollectiveAlgorithm algorithm_; // the all-reduce's: the spec's, or ring for hierarchical on uneven nodes
  // The input pipeline, per GPU: batches loaded and not yet used, loads running (read, ship, decode), batches
  // being copied to the GPU, the next batch to load.
  std::vector<int> ready_, loading_, copying_;
  std::vector<std::int64_t> next_load_;
  std::vector<std::vector<std::int64_t>> retry_; // per GPU: batches whose load failed, to load again
  std::int64_t consumed_ = 0;                    // batches the trainer took from each GPU so far
  std::size_t workers_ready_ = 0; // GPUs with at least one batch ready
  int shards_left_           = 0; // checkpoint shards still being written
  double checkpoint_started_ = 0;
  sg4::MutexPtr mutex_;
  sg4::ConditionVariablePtr cv_;
  TrainingRecord record_;
};

} // namespace

std::string run_training(SimContext sim, const JobSpec& job, const std::vector<sg4::Host*>& gpus,
                         std::vector<HostOutage>* pending, const FailureInjector* failures)
{
  return TrainingJob(sim, job, gpus, pending, failures).run();
}

} // namespace dcflow
