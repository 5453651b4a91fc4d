#pragma once
// The numbers a training job's spec implies, engine-free: its model's size after the compression what-ifs, the
// flops of a sample, the bytes all-reduced, checkpointed and held in HBM, and an iteration's ideal time on
// given GPUs (no contention, no data wait). The relations, stated in the README ("Training jobs"):
//   parameters'      = parameters x (1 - pruning) x distillation   (pruned weights are removed, not zeroed)
//   flops/sample     = 6 x parameters' x tokens  (transformer: 2 forward + 4 backward, Kaplan et al. 2020)
//                      or flops_per_sample x parameters' / parameters
//   bytes/parameter  = bits / 8 when quantized, else weight_bytes: weights and gradients
//   all-reduce bytes = parameters' x bytes/parameter
//   checkpoint bytes = parameters' x (bytes/parameter + optimizer_bytes)   (unless the spec gives them)
//   HBM              = parameters' x (2 x bytes/parameter + optimizer_bytes) + activation_bytes x batch
//   GPU speed        = peak x speedup when quantized
#include "scenario/training.hpp"

namespace dcflow {

struct TrainingFigures {
  double parameters       = 0; // after compression
  double flops_per_sample = 0;
  double gradient_bytes   = 0; // what one GPU all-reduces each iteration
  double checkpoint_bytes = 0; // one checkpoint, all shards
  double hbm_bytes        = 0; // one GPU's need during a step
  double speedup          = 1; // GPU speed factor at the trained precision
  double batch_bytes      = 0; // one GPU's batch as stored
  double batch_flops      = 0; // one GPU's compute per iteration (before the speed-up)
};

TrainingFigures training_figures(const TrainingSpec& spec);

// An iteration's time on `gpus` GPUs of `gpu_flops` each when nothing waits for data and the collectives take
// `allreduce_s` and `alltoall_s`: forward (1/3 of the compute), the all-to-all, backward (2/3), and the part of
// the all-reduce the backward pass does not hide (it starts after (1 - overlap) of the backward pass).
struct IterationTimes {
  double compute       = 0;
  double exposed_comm  = 0;
  double total() const { return compute + exposed_comm; }
};
IterationTimes ideal_iteration(const TrainingSpec& spec, double gpu_flops, double allreduce_s, double alltoall_s);

} // namespace dcflow
