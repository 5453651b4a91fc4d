#pragma once
// A data-parallel training job class (workload.classes.<name>.training): k GPUs (the class's `hosts`, held
// together from start to end), each iteration's input pipeline, compute, collectives and checkpoints, and the
// model-compression what-ifs that transform its flops and bytes. Engine-free; the relations between the
// numbers (model bytes, flops per sample, what fits in HBM) are in analytic/training_model.

#include "scenario/collective.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace dcflow {

// The model being trained. Bytes per parameter: BF16 weights and gradients (2 B); mixed-precision Adam's
// optimizer state is an FP32 master copy, momentum and variance, 12 B per parameter (Rajbhandari et al.,
// "ZeRO: Memory Optimizations Toward Training Trillion Parameter Models", SC'20, section 3.1: 16 B per
// parameter in all with the 2 B weights and 2 B gradients).
struct TrainingModel {
  double parameters          = 0;  // count
  double tokens_per_sample   = 0;  // > 0: a transformer, flops per sample = 6 x parameters x tokens
  double flops_per_sample    = 0;  // else: forward + backward flops of one sample
  double weight_bytes        = 2;  // per parameter (also the all-reduced gradient's precision)
  double optimizer_bytes     = 12; // per parameter
  double activation_bytes    = 0;  // per sample held in HBM during the step (for the fit check)
};

// How each GPU's batches reach it (PyTorch DataLoader's shape): `readers` loader workers per GPU, each loading
// one batch at a time — read from the dataset tier, shipped to the GPU's node, decoded on one of the node's CPU
// cores, copied to the GPU — and up to readers x prefetch batches loaded ahead of the GPU.
struct TrainingInput {
  int tier             = -1;  // the dataset's storage tier
  double sample_bytes  = 0;   // bytes of one sample as stored
  std::int64_t files   = 0;   // the dataset's files of one batch each, read in turn (0: never re-read)
  double decode_flops  = 0;   // per sample, on the node's CPU
  std::optional<double> decoded_bytes; // per sample copied to the GPU (absent: sample_bytes; 0: no copy)
  int readers          = 1;
  int prefetch         = 2;
};

struct TrainingCollective {
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::Ring;
  // The share of the backward pass the gradients' all-reduce may run beside: 0 starts it when the backward
  // pass ends, 1 when it starts (PyTorch DDP's gradient buckets overlap most of it).
  double overlap = 0;
};

enum class CheckpointMode { Sync, Async };
std::string to_string(CheckpointMode mode);

struct TrainingCheckpoint {
  std::int64_t every  = 0; // iterations between checkpoints (0: none)
  int tier            = -1;
  CheckpointMode mode = CheckpointMode::Sync;
  double bytes        = 0; // 0: the model's weights and optimizer state
  Location where;
};

// What-ifs on the model: the fraction of weights pruned, the bits per weight after quantization (0: as
// trained) with the GPU's speed-up at that precision, and a distilled student's size as a fraction of the
// teacher's.
struct TrainingCompression {
  double pruning       = 0;
  int bits             = 0;
  double speedup       = 1;
  double distillation  = 1;
};

struct TrainingSpec {
  std::int64_t iterations = 0;
  int batch               = 0; // samples per GPU per iteration
  TrainingModel model;
  TrainingInput input;
  TrainingCollective allreduce;
  double alltoall_bytes = 0; // per GPU per iteration between forward and backward (MoE, embeddings); 0: none
  TrainingCheckpoint checkpoint;
  TrainingCompression compression;
  Location where;
};

} // namespace dcflow
