#pragma once
// The numbers an inference class's spec implies on a replica of tensor_parallel GPUs, engine-free (README
// "Inference serving"). With N' parameters after compression, b bytes per parameter (bits/8 when quantized):
//   weight bytes W    = N' x b
//   KV bytes/token    = 2 x layers x kv_heads x head_dim x kv_bytes x distillation (kv_bytes = bits/8 when quantized)
//   peak F            = tp x GPU peak x compute efficiency x quantization speed-up
//   bandwidth B       = tp x HBM bandwidth x memory efficiency
//   prefill(P)        = max(2 N' P / F, W / B)                         + tp all-reduces of P tokens
//   decode(batch, K)  = max(2 N' batch / F, (W + K) / B)               + tp all-reduces of batch tokens
//                       K = KV bytes the step reads (every running request's cached tokens)
//   tp all-reduces(T) = 2 x layers x ring all-reduce of T x hidden x 2 bytes over tp GPUs on the node's NVLink
//                       (analytic/collective_model's ideal_time; none when tp = 1)
//   KV capacity       = tp x HBM x memory_fraction - W
#include "analytic/collective_model.hpp"
#include "scenario/inference.hpp"

#include <string>

namespace dcflow {

struct InferenceFigures {
  double parameters         = 0; // after pruning and distillation
  double weight_bytes       = 0; // the whole model, over the replica's GPUs
  double kv_bytes_per_token = 0;
  double hidden             = 0;
  double layers             = 0; // after distillation (for the all-reduce count)
  double speedup            = 1; // GPU speed factor at the quantized precision
};
InferenceFigures inference_figures(const InferenceSpec& spec);

// Fractions of a GPU kind's peak flops (prefill) and HBM bandwidth (decode) that serving reaches, with their
// source; kinds not in the table get 1 (the pure roofline).
struct GpuEfficiency {
  double compute = 1;
  double memory  = 1;
  std::string source;
};
GpuEfficiency default_efficiency(const std::string& gpu_kind);

// One replica's GPUs: tp alike GPUs of one node and the NVLink route between two of them.
struct ReplicaHardware {
  int tp                    = 1;
  double gpu_flops          = 0; // peak per GPU
  double gpu_hbm_bytes      = 0;
  double gpu_hbm_bandwidth  = 0; // bytes/s
  double compute_efficiency = 1;
  double memory_efficiency  = 1;
  LinkCost nvlink;               // latency and bandwidth of one GPU's port (tp > 1)
};

class StepModel {
public:
  StepModel(const InferenceSpec& spec, const ReplicaHardware& hardware);

  const InferenceFigures& figures() const { return figures_; }
  double peak_flops() const { return peak_; }     // F
  double bandwidth() const { return bandwidth_; } // B
  // Bytes of KV cache the replica holds once its weights are in (may be negative: the weights do not fit).
  double kv_capacity() const { return kv_capacity_; }
  double weights_per_gpu() const { return figures_.weight_bytes / hardware_.tp; }
  double usable_hbm_per_gpu() const { return hardware_.gpu_hbm_bytes * memory_fraction_; }

  // Seconds of a prefill of `tokens` prompt tokens (all of a step's admitted prompts together).
  double prefill(double tokens) const;
  // Seconds of a decode step of `batch` requests that reads `kv_bytes` of KV cache.
  double decode(double batch, double kv_bytes) const;
  // Seconds of the tensor-parallel all-reduces of a step over `tokens` tokens (0 when tp = 1).
  double tp_allreduces(double tokens) const;
  // Flops a step does for `tokens` tokens (prefill tokens, or one per request of a decode step).
  double flops(double tokens) const { return 2 * figures_.parameters * tokens; }

private:
  InferenceFigures figures_;
  ReplicaHardware hardware_;
  double memory_fraction_ = 0.9;
  double peak_            = 0;
  double bandwidth_       = 0;
  double kv_capacity_     = 0;
};

} // namespace dcflow
