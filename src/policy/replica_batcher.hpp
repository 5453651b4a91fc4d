#pragma once
// What one model replica runs next, engine-free (README "Inference serving"): its waiting requests (in arrival
// order), the running batch, the KV cache each request reserves, and the step it starts. The simulation asks
// plan() for a step, waits the step's duration (one event per replica and step, never per request), then
// calls step_ended().
//
// continuous (Orca / vLLM iteration-level, vLLM's default scheduler without chunked prefill): at every step
//   the replica first admits waiting requests, in arrival order, while the batch has fewer than max_batch and
//   the head's whole KV cache (prompt + output tokens) fits beside the reservations of those running; if it
//   admitted any, the step is their prefill (the running requests wait that step, prefill first as in vLLM);
//   else a decode step of every running request. A request that does not fit now waits at the head of the
//   queue (no overtaking, no preemption: its reservation covers its whole output); one that can never fit
//   is rejected on arrival by the server.
// static: the replica waits until max_batch requests wait or the oldest has waited max_wait, takes up to
//   max_batch of them (while their reservations fit), prefills them together, then runs decode steps of the
//   whole batch (ended requests are padding: their flops still count, their cache is no longer read) until
//   the last one ends; only then does it take the next batch.
//
// A request of P prompt and O output tokens gets its first token at the end of its prefill and one more per
// decode step; decode step i (i = 1 .. O-1) reads its P + i cached tokens. It ends with its O-th token.
#include "analytic/inference_model.hpp"
#include "scenario/inference.hpp"

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

namespace dcflow {

struct ServedRequest {
  std::int64_t id     = 0;
  double arrival      = 0;
  double ready        = 0; // when it reached the router: its arrival, or when its payload was ingested
  std::int64_t prompt = 0;
  std::int64_t output = 0;
  double kv_need      = 0; // bytes reserved from admission to the end: (prompt + output) x KV bytes per token
  double estimate     = 0; // s: its service time alone on a replica (what least_loaded sees)
  int replica         = -1;
  double admitted     = -1; // its prefill started
  double first_token  = -1;
  double end          = -1;
  std::int64_t finish_step = 0; // the replica's decode-step count after which it has all its tokens
};

enum class StepKind { Idle, Wait, Prefill, Decode };

struct StepPlan {
  StepKind kind   = StepKind::Idle;
  double duration = 0; // Prefill, Decode
  double until    = 0; // Wait: the time to plan again (static batching's max_wait)
  int batch       = 0; // requests in the step (static decode: the batch's size, padding included)
  double tokens   = 0; // tokens computed: prompt tokens of a prefill, batch of a decode
  double kv_read  = 0; // bytes of KV cache the step reads (decode)
};

class ReplicaBatcher {
public:
  ReplicaBatcher(const StepModel& model, InferenceBatching batching, std::vector<ServedRequest>& requests);

  // Request `r` (index into the requests) joins this replica's queue.
  void enqueue(std::size_t r);
  // The next step from `now`; a Prefill or Decode step is started (call step_ended when it has run).
  StepPlan plan(double now);
  // The step plan() started ended at `now`: appends the requests that got their last token to `ended`.
  void step_ended(double now, std::vector<std::size_t>& ended);
  // The replica failed (README "Failures"): every request it holds (waiting, in the prefill running now, in
  // decode) leaves it with its KV cache, in the order waiting, admitting, running by admission; the step in
  // progress, if any, is abandoned (no step_ended). `generated[k]` is the output tokens request `out[k]` had
  // received (1 + decode steps since its prefill; 0 if waiting or in the prefill). The batcher is empty after.
  void evict(std::vector<std::size_t>& out, std::vector<std::int64_t>& generated);

  bool idle() const { return waiting_.empty() && admitting_.empty() && running_.empty(); }
  std::size_t waiting() const { return waiting_.size(); }
  std::size_t running() const { return running_.size() + admitting_.size(); }
  double capacity() const { return capacity_; }
  double reserved() const { return reserved_; }
  double kv_used() const { return context_tokens_ * kv_per_token_; } // bytes in the cache now
  // KV bytes neither reserved by running requests nor needed by queued ones (may be negative).
  double free_memory() const { return capacity_ - reserved_ - waiting_need_; }
  // Estimated seconds of its unfinished requests (their estimates).
  double outstanding() const { return outstanding_; }

private:
  struct Finish {
    std::int64_t step;
    std::size_t request;
    bool operator>(const Finish& o) const { return step != o.step ? step > o.step : request > o.request; }
  };
  void admit(double now, std::size_t limit);
  void release(std::size_t r);

  const StepModel& model_;
  InferenceBatching batching_;
  std::vector<ServedRequest>& requests_;
  double capacity_     = 0;
  double kv_per_token_ = 0;
  std::deque<std::size_t> waiting_;
  std::vector<std::size_t> admitting_; // the prefill step running now
  std::priority_queue<Finish, std::vector<Finish>, std::greater<>> running_;
  StepKind current_    = StepKind::Idle;
  std::int64_t steps_  = 0; // decode steps run
  double context_tokens_ = 0; // tokens cached for the running requests
  double reserved_       = 0;
  double waiting_need_   = 0;
  double outstanding_    = 0;
  int static_batch_      = 0; // static: the running batch's size (0: none running)
  std::vector<std::size_t> static_members_;
};

} // namespace dcflow
