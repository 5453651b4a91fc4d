#include "analytic/inference_model.hpp"

#include <algorithm>
#include <cmath>

namespace dcflow {

InferenceFigures inference_figures(const InferenceSpec& spec)
{
  const ServedModel& m         = spec.model;
  const TrainingCompression& c = spec.compression;
  InferenceFigures f;
  f.parameters          = m.parameters * (1 - c.pruning) * c.distillation;
  double bytes_per_param = c.bits > 0 ? c.bits / 8.0 : m.bytes_per_parameter;
  double kv_element      = c.bits > 0 ? c.bits / 8.0 : (m.kv_bytes > 0 ? m.kv_bytes : m.bytes_per_parameter);
  f.weight_bytes        = f.parameters * bytes_per_param;
  // A distilled student keeps `distillation` of the teacher's layers (pruning removes weights, not heads).
  f.layers             = m.layers * c.distillation;
  f.kv_bytes_per_token = 2.0 * f.layers * m.kv_heads * m.head_dim * kv_element;
  // Kaplan et al. 2020 ("Scaling Laws for Neural Language Models", section 2.1): N = 12 n_layer d_model^2.
  f.hidden  = m.hidden > 0 ? m.hidden : std::sqrt(m.parameters / (12.0 * m.layers));
  f.speedup = c.bits > 0 ? c.speedup : 1.0;
  return f;
}

// Assumptions, not measurements of dcflow's own: the fractions of peak that LLM serving engines reach on these
// GPUs. Memory: Databricks' "LLM Inference Performance Engineering: Best Practices" (Oct 2023) reports model
// bandwidth utilisation (MBU) of about 60-70 % for decoding on A100 and H100; compute: prefill reaches roughly
// half of dense peak (the same post's MFU discussion). Not re-checked here (no network); give `efficiency:` in
// the scenario to use figures of your own.
GpuEfficiency default_efficiency(const std::string& gpu_kind)
{
  if (gpu_kind.rfind("H100", 0) == 0)
    return {0.5, 0.65, "H100: compute 0.5, memory 0.65 (assumption after Databricks 2023 MBU/MFU figures)"};
  if (gpu_kind.rfind("A100", 0) == 0)
    return {0.5, 0.65, "A100: compute 0.5, memory 0.65 (assumption after Databricks 2023 MBU/MFU figures)"};
  return {1.0, 1.0, gpu_kind + ": no figures known, the pure roofline (1, 1)"};
}

StepModel::StepModel(const InferenceSpec& spec, const ReplicaHardware& hardware)
    : figures_(inference_figures(spec)), hardware_(hardware), memory_fraction_(spec.memory_fraction)
{
  peak_ = hardware.tp * hardware.gpu_flops * hardware.compute_efficiency * figures_.speedup;
  bandwidth_   = hardware.tp * hardware.gpu_hbm_bandwidth * hardware.memory_efficiency;
  kv_capacity_ = hardware.tp * hardware.gpu_hbm_bytes * memory_fraction_ - figures_.weight_bytes;
}

double StepModel::tp_allreduces(double tokens) const
{
  if (hardware_.tp <= 1 || tokens <= 0)
    return 0;
  double bytes = tokens * figures_.hidden * 2; // activations in 16 bits
  CollectiveShape shape =
      collective_shape(CollectiveOp::AllReduce, CollectiveAlgorithm::Ring, hardware_.tp, hardware_.tp, bytes);
  return 2 * figures_.layers * ideal_time(shape, hardware_.nvlink);
}

double StepModel::prefill(double tokens) const
{
  return std::max(flops(tokens) / peak_, figures_.weight_bytes / bandwidth_) + tp_allreduces(tokens);
}

double StepModel::decode(double batch, double kv_bytes) const
{
  return std::max(flops(batch) / peak_, (figures_.weight_bytes + kv_bytes) / bandwidth_) + tp_allreduces(batch);
}

} // namespace dcflow
