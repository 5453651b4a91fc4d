#pragma once
// An LLM inference class (workload.classes.<name>.inference): every job of the class is one request with a
// prompt and an output length in tokens, served by model replicas formed from the compute pool's GPUs
// (tensor_parallel GPUs of one node each). Engine-free; the relations between the numbers (weight and KV bytes,
// step times) are in analytic/inference_model.
#include "scenario/distribution.hpp"
#include "scenario/training.hpp"
#include "util/error.hpp"

#include <string>

namespace dcflow {

// The served transformer. KV cache per token = 2 (K and V) x layers x kv_heads x head_dim x kv_bytes.
struct ServedModel {
  double parameters          = 0;
  int layers                 = 0;
  int kv_heads               = 0;
  int head_dim               = 0;
  double hidden              = 0; // model width for the tensor-parallel all-reduces; 0: sqrt(parameters / (12 layers))
  double bytes_per_parameter = 2; // BF16
  double kv_bytes            = 0; // per K or V element; 0: bytes_per_parameter
};

enum class BatchingMode { Static, Continuous };
std::string to_string(BatchingMode mode);

// static: a replica starts a batch when max_batch requests wait or the oldest has waited max_wait, and takes
// no other request until every one of it has ended. continuous (Orca / vLLM iteration-level): requests join
// and leave the running batch at every step, up to max_batch (vLLM's max_num_seqs, default 256).
struct InferenceBatching {
  BatchingMode mode = BatchingMode::Continuous;
  int max_batch     = 256;
  double max_wait   = 0; // s, static only
};

// Latency objectives for goodput; 0: none.
struct InferenceObjectives {
  double ttft = 0; // s, time to first token
  double tpot = 0; // s, time per output token after the first
};

struct InferenceSpec {
  ServedModel model;
  int tensor_parallel = 1;
  Location tensor_parallel_where;
  int replicas = 0;              // 0: every replica the pool's GPUs form
  double memory_fraction = 0.9;  // of each GPU's HBM for weights + KV cache (vLLM gpu_memory_utilization)
  double compute_efficiency = 0; // of peak flops reached; 0: the GPU kind's default
  double memory_efficiency  = 0; // of HBM bandwidth reached; 0: the GPU kind's default
  Distribution prompt;           // tokens per request
  Distribution output;           // tokens per request (>= 1)
  std::string trace;             // CSV arrival,prompt,output instead of prompt/output and arrivals; resolved path
  Location trace_where;
  InferenceBatching batching;
  InferenceObjectives objectives;
  int weights_tier = -1; // a replica switched on by the autoscaler loads its weights from this tier; -1: none
  TrainingCompression compression;
  Location where;
};

} // namespace dcflow
