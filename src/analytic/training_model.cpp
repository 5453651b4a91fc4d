#include "analytic/training_model.hpp"

#include <algorithm>

namespace dcflow {

TrainingFigures training_figures(const TrainingSpec& spec)
{
  const TrainingModel& m        = spec.model;
  const TrainingCompression& c  = spec.compression;
  TrainingFigures f;
  double kept                   = (1 - c.pruning) * c.distillation;
  f.parameters                  = m.parameters * kept;
  f.flops_per_sample            = m.tokens_per_sample > 0 ? 6 * f.parameters * m.tokens_per_sample : m.flops_per_sample * kept;
  double bytes_per_parameter    = c.bits > 0 ? c.bits / 8.0 : m.weight_bytes;
  f.gradient_bytes              = f.parameters * bytes_per_parameter;
  f.checkpoint_bytes            = spec.checkpoint.bytes > 0 ? spec.checkpoint.bytes
                                                            : f.parameters * (bytes_per_parameter + m.optimizer_bytes);
  f.hbm_bytes   = f.parameters * (2 * bytes_per_parameter + m.optimizer_bytes) + m.activation_bytes * spec.batch;
  f.speedup     = c.bits > 0 ? c.speedup : 1.0;
  f.batch_bytes = spec.input.sample_bytes * spec.batch;
  f.batch_flops = f.flops_per_sample * spec.batch;
  return f;
}

IterationTimes ideal_iteration(const TrainingSpec& spec, double gpu_flops, double allreduce_s, double alltoall_s)
{
  TrainingFigures f = training_figures(spec);
  IterationTimes t;
  t.compute          = f.batch_flops / (gpu_flops * f.speedup);
  double backward    = t.compute * 2.0 / 3.0;
  double hidden      = backward * spec.allreduce.overlap; // the all-reduce runs beside this much of the backward
  t.exposed_comm     = alltoall_s + std::max(0.0, allreduce_s - hidden);
  return t;
}

} // namespace dcflow
