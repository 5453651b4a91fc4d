#pragma once
// An LLM inference class (workload.classes.<name>.inference): every job of the class is one request with a
// prompt and an output length in tokens, served by model replicas formed from the compute pool's GPUs
// (tensor_parallel GPUs of one node each). Engine-free; the relations between the numbers (weight and KV bytes,
// step times) are in analytic/inference_model.
#include "scenario/distribution.hpp"
#include "scenario/training.hpp"
#include "util/error.hpp"

#include <optional>
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

// Where each request's payload (the article, post or document to be classified or answered) enters: it is
// shipped from a host of role `from` to a host of role `to` (the front end that tokenizes it; hosts picked by
// request id) with the class's transfer settings (protocol, pipes, compression) before the request is routed
// to a replica. The tokens the front end then hands to a replica are not simulated (a few KB).
struct RequestIngest {
  std::string from;
  std::string to;
  Distribution bytes;  // payload bytes per request
  int connections = 0; // payloads in flight per source host at most (the others wait, in order); 0: no limit
  Location where;
};

struct InferenceSpec {
  ServedModel model;
  int tensor_parallel = 1;
  Location tensor_parallel_where;
  int replicas = 0;              // 0: every replica the pool's GPUs form
  int max_outstanding = 0;       // requests a replica holds (running and queued) at most, the rest wait at the
                                 // router; 0: no cap, every request is routed on arrival
  double memory_fraction = 0.9;  // of each GPU's HBM for weights + KV cache (vLLM gpu_memory_utilization)
  double compute_efficiency = 0; // of peak flops reached; 0: the GPU kind's default
  double memory_efficiency  = 0; // of HBM bandwidth reached; 0: the GPU kind's default
  Distribution prompt;           // tokens per request
  Distribution output;           // tokens per request (>= 1)
  std::string trace;             // CSV arrival,prompt,output instead of prompt/output and arrivals; resolved path
  Location trace_where;
  InferenceBatching batching;
  InferenceObjectives objectives;
  std::optional<RequestIngest> ingest;
  int weights_tier = -1; // a replica switched on by the autoscaler loads its weights from this tier; -1: none
  TrainingCompression compression;
  Location where;
};

} // namespace dcflow
