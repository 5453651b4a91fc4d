// The relations a training spec implies (analytic/training_model.hpp), worked by hand.
#include "analytic/training_model.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::WithinRel;
using namespace dcflow;

namespace {

TrainingSpec llama_7b()
{
  TrainingSpec t;
  t.batch                   = 4;
  t.model.parameters        = 7e9;
  t.model.tokens_per_sample = 4096;
  t.model.activation_bytes  = 2e9;
  t.input.sample_bytes      = 16384;
  return t;
}

} // namespace

TEST_CASE("a transformer sample costs 6 x parameters x tokens flops and mixed-precision Adam holds 16 B per parameter")
{
  TrainingFigures f = training_figures(llama_7b());
  REQUIRE_THAT(f.flops_per_sample, WithinRel(6 * 7e9 * 4096, 1e-12)); // 1.72e14
  REQUIRE_THAT(f.gradient_bytes, WithinRel(14e9, 1e-12));             // 2 B per parameter
  REQUIRE_THAT(f.checkpoint_bytes, WithinRel(7e9 * 14, 1e-12));       // weights 2 + optimizer 12
  REQUIRE_THAT(f.hbm_bytes, WithinRel(7e9 * 16 + 4 * 2e9, 1e-12));    // ZeRO's 16 B/parameter + activations
  REQUIRE_THAT(f.batch_flops, WithinRel(4 * 6 * 7e9 * 4096, 1e-12));
  REQUIRE_THAT(f.batch_bytes, WithinRel(4 * 16384.0, 1e-12));
}

TEST_CASE("pruning and distillation shrink the parameters and quantization the bytes per weight and the time")
{
  TrainingSpec t                = llama_7b();
  t.compression.pruning         = 0.5;
  t.compression.distillation    = 0.5;
  t.compression.bits            = 8;
  t.compression.speedup         = 1979.0 / 989.0; // H100 SXM dense FP8 vs BF16 (NVIDIA H100 datasheet)
  TrainingFigures f             = training_figures(t);
  REQUIRE_THAT(f.parameters, WithinRel(7e9 * 0.25, 1e-12));
  REQUIRE_THAT(f.flops_per_sample, WithinRel(6 * 1.75e9 * 4096, 1e-12));
  REQUIRE_THAT(f.gradient_bytes, WithinRel(1.75e9 * 1, 1e-12)); // 8 bits
  REQUIRE_THAT(f.checkpoint_bytes, WithinRel(1.75e9 * 13, 1e-12));
  // One GPU of 989 Tflops: 4 x 6 x 1.75e9 x 4096 / (989e12 x 2.001) = 0.08689 s.
  IterationTimes it = ideal_iteration(t, 989e12, 0, 0);
  REQUIRE_THAT(it.compute, WithinRel(4 * 6 * 1.75e9 * 4096 / 1979e12, 1e-9));
}

TEST_CASE("flops per sample scale with the kept parameters when given directly")
{
  TrainingSpec t;
  t.batch                  = 1;
  t.model.parameters       = 25.6e6;
  t.model.flops_per_sample = 12.3e9;
  t.compression.pruning    = 0.25;
  REQUIRE_THAT(training_figures(t).flops_per_sample, WithinRel(12.3e9 * 0.75, 1e-12));
}

TEST_CASE("the all-reduce is exposed beyond the share of the backward pass it overlaps")
{
  TrainingSpec t;
  t.batch                  = 3;
  t.model.parameters       = 1;
  t.model.flops_per_sample = 1e12; // 3 s on a 1 Tflops GPU: backward 2 s
  t.allreduce.overlap      = 0.25; // hides 0.5 s
  IterationTimes it        = ideal_iteration(t, 1e12, 0.8, 0.1);
  REQUIRE_THAT(it.compute, WithinRel(3.0, 1e-12));
  REQUIRE_THAT(it.exposed_comm, WithinRel(0.1 + 0.3, 1e-12));
}
