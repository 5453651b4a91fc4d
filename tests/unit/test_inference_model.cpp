// The inference relations (analytic/inference_model) and the replica batcher (policy/replica_batcher) by hand.
#include "analytic/inference_model.hpp"
#include "policy/replica_batcher.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace dcflow;
using Catch::Matchers::WithinRel;

namespace {

InferenceSpec llama8b()
{
  InferenceSpec s; // Llama-3-8B's shape: 32 layers, 8 KV heads of 128, BF16
  s.model.parameters = 8e9;
  s.model.layers     = 32;
  s.model.kv_heads   = 8;
  s.model.head_dim   = 128;
  s.model.hidden     = 4096;
  return s;
}

ReplicaHardware h100(int tp)
{
  ReplicaHardware h;
  h.tp                = tp;
  h.gpu_flops         = 989.4e12;
  h.gpu_hbm_bytes     = 80e9;
  h.gpu_hbm_bandwidth = 3.35e12;
  h.nvlink            = LinkCost{1e-6, 450e9};
  return h;
}

} // namespace

TEST_CASE("inference model: weight and KV bytes, capacity, prefill and decode by the roofline")
{
  // W = 8e9 x 2 = 16 GB; KV/token = 2 x 32 x 8 x 128 x 2 = 131072 B (vLLM's figure for Llama-3-8B: 128 KiB);
  // capacity = 80e9 x 0.9 - 16e9 = 56e9 B. Prefill of 1000 tokens: max(1.6e13 / 989.4e12, 16e9 / 3.35e12) =
  // 16.17 ms (compute-bound); decode of 8 requests reading 1 GB of KV: max(1.28e11 / 989.4e12,
  // 17e9 / 3.35e12) = 5.07 ms (memory-bound).
  StepModel m(llama8b(), h100(1));
  CHECK(m.figures().weight_bytes == 16e9);
  CHECK(m.figures().kv_bytes_per_token == 131072);
  CHECK_THAT(m.kv_capacity(), WithinRel(56e9, 1e-12));
  CHECK_THAT(m.prefill(1000), WithinRel(1.6e13 / 989.4e12, 1e-12));
  CHECK_THAT(m.decode(8, 1e9), WithinRel(17e9 / 3.35e12, 1e-12));
}

TEST_CASE("inference model: tensor parallelism adds its ring all-reduces, compression shrinks the model")
{
  // tp = 2: F and B double; each step adds 2 x 32 all-reduces of T x 4096 x 2 B, a ring on 2 GPUs:
  // 2 steps of (1 us + S/2 / 450e9). Decode of 1 request (T = 1): 64 x 2 x (1e-6 + 4096 / 450e9).
  StepModel m(llama8b(), h100(2));
  double ar = 64 * 2 * (1e-6 + 4096.0 / 450e9);
  CHECK_THAT(m.tp_allreduces(1), WithinRel(ar, 1e-12));
  CHECK_THAT(m.decode(1, 0), WithinRel(16e9 / (2 * 3.35e12) + ar, 1e-12));
  // 8-bit quantization with speed-up 2 and distillation to half: N' = 4e9, W = 4 GB, KV/token = 131072 / 2 / 2.
  InferenceSpec q = llama8b();
  q.compression.bits = 8;
  q.compression.speedup = 2;
  q.compression.distillation = 0.5;
  StepModel c(q, h100(1));
  CHECK(c.figures().weight_bytes == 4e9);
  CHECK(c.figures().kv_bytes_per_token == 32768);
  CHECK_THAT(c.prefill(1000), WithinRel(2 * 4e9 * 1000 / (2 * 989.4e12), 1e-12));
}

TEST_CASE("replica batcher: continuous batching admits while the KV cache fits, requests join at the next step")
{
  // Capacity 56e9 B; each request reserves (P + O) x 131072 B. Three requests of P + O = 200,000 tokens need
  // 26.2 GB each: two fit, the third waits until one ends.
  StepModel m(llama8b(), h100(1));
  std::vector<ServedRequest> reqs(3);
  for (std::size_t i = 0; i < 3; ++i) {
    reqs[i].id      = static_cast<std::int64_t>(i);
    reqs[i].prompt  = 199998;
    reqs[i].output  = 2;
    reqs[i].kv_need = 200000.0 * 131072;
  }
  ReplicaBatcher b(m, InferenceBatching{}, reqs);
  for (std::size_t i = 0; i < 3; ++i)
    b.enqueue(i);
  StepPlan p = b.plan(0);
  CHECK(p.kind == StepKind::Prefill);
  CHECK(p.batch == 2);
  CHECK(b.waiting() == 1);
  std::vector<std::size_t> ended;
  b.step_ended(1, ended);
  CHECK(ended.empty());
  p = b.plan(1); // the third still does not fit: a decode step of the two, reading 2 x (199998 + 1) tokens
  CHECK(p.kind == StepKind::Decode);
  CHECK(p.kv_read == 2 * 199999.0 * 131072);
  b.step_ended(2, ended);
  CHECK(ended.size() == 2); // output 2: prefill's token + one decode step
  p = b.plan(2);
  CHECK(p.kind == StepKind::Prefill);
  CHECK(p.batch == 1);
}

TEST_CASE("replica batcher: a failed replica gives back every request it holds, with the tokens each had")
{
  // Capacity 56e9 B; requests of P + O = 100,000 tokens reserve 13.1 GB: four fit at once. Requests 0 and 1
  // (O = 10) are admitted and prefilled at t = 0-1, then three decode steps run: each has 1 + 3 = 4 tokens. Then
  // 2 and 3 arrive; the next step is their prefill, and the replica fails during it: 2 and 3 have no token;
  // 4, which does not fit (4 x 13.1 GB + its own > 56 GB) still waits. evict() hands back the waiting one, then
  // the prefill's, then the decoding ones by admission, and leaves the batcher empty and ready to plan.
  StepModel m(llama8b(), h100(1));
  std::vector<ServedRequest> reqs(5);
  for (std::size_t i = 0; i < 5; ++i) {
    reqs[i].id      = static_cast<std::int64_t>(i);
    reqs[i].prompt  = 100000 - 10;
    reqs[i].output  = 10;
    reqs[i].kv_need = 100000.0 * 131072;
  }
  ReplicaBatcher b(m, InferenceBatching{}, reqs);
  b.enqueue(0);
  b.enqueue(1);
  std::vector<std::size_t> ended;
  CHECK(b.plan(0).kind == StepKind::Prefill);
  b.step_ended(1, ended);
  for (int s = 0; s < 3; ++s) {
    CHECK(b.plan(1 + s).kind == StepKind::Decode);
    b.step_ended(2 + s, ended);
  }
  CHECK(ended.empty());
  for (std::size_t i = 2; i < 5; ++i)
    b.enqueue(i);
  StepPlan p = b.plan(4);
  CHECK(p.kind == StepKind::Prefill);
  CHECK(p.batch == 2);
  std::vector<std::size_t> out;
  std::vector<std::int64_t> generated;
  b.evict(out, generated);
  CHECK(out == std::vector<std::size_t>{4, 2, 3, 0, 1});
  CHECK(generated == std::vector<std::int64_t>{0, 0, 0, 4, 4});
  CHECK(b.idle());
  CHECK(b.reserved() == 0);
  CHECK(b.kv_used() == 0);
  CHECK(b.outstanding() == 0);
  CHECK(b.free_memory() == b.capacity());
  b.enqueue(4); // the batcher serves again: a prefill of the one request
  p = b.plan(10);
  CHECK(p.kind == StepKind::Prefill);
  CHECK(p.batch == 1);
}
