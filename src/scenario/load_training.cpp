// A job class's `training:` block: iterations, batch, model, input pipeline, collectives, checkpoints and the
// compression what-ifs (scenario/training.hpp).
#include "scenario/load_sections.hpp"

namespace dcflow {
namespace {

const std::vector<CheckpointMode> kCheckpointModes{CheckpointMode::Sync, CheckpointMode::Async};

double fraction(const YamlReader& reader, const YAML::Node& node, const std::string& path, bool one_allowed)
{
  double value = reader.number(node, path);
  if (value < 0 || value > 1 || (!one_allowed && value == 1))
    reader.fail(node, path, "'" + path + "' must be in [0, " + (one_allowed ? "1]" : "1)"));
  return value;
}

double positive_number(const YamlReader& reader, const YAML::Node& node, const std::string& path)
{
  double value = reader.number(node, path);
  if (!(value > 0))
    reader.fail(node, path, "'" + path + "' must be positive");
  return value;
}

void read_model(const YamlReader& reader, const YAML::Node& node, const std::string& path, TrainingModel& m)
{
  reader.require_map(node, path);
  reader.check_keys(node, path,
                    {"parameters", "tokens_per_sample", "flops_per_sample", "weight_bytes", "optimizer_bytes",
                     "activation_bytes"},
                    "a training model");
  m.parameters = positive_number(reader, reader.required(node, "parameters", path), path + ".parameters");
  if (node["tokens_per_sample"] && node["flops_per_sample"])
    reader.fail(node["flops_per_sample"], path + ".flops_per_sample",
                "give 'tokens_per_sample' (a transformer: 6 x parameters x tokens flops per sample) or "
                "'flops_per_sample', not both");
  if (node["tokens_per_sample"])
    m.tokens_per_sample = positive_number(reader, node["tokens_per_sample"], path + ".tokens_per_sample");
  else if (node["flops_per_sample"])
    m.flops_per_sample =
        reader.positive_quantity(node["flops_per_sample"], path + ".flops_per_sample", Dimension::Flops);
  else
    reader.fail(node, path,
                "'" + path + "' needs 'tokens_per_sample' (a transformer) or 'flops_per_sample' (forward + backward)");
  if (node["weight_bytes"])
    m.weight_bytes = positive_number(reader, node["weight_bytes"], path + ".weight_bytes");
  if (node["optimizer_bytes"]) {
    m.optimizer_bytes = reader.number(node["optimizer_bytes"], path + ".optimizer_bytes");
    if (m.optimizer_bytes < 0)
      reader.fail(node["optimizer_bytes"], path + ".optimizer_bytes", "'" + path + ".optimizer_bytes' must be >= 0");
  }
  if (node["activation_bytes"])
    m.activation_bytes =
        reader.non_negative_quantity(node["activation_bytes"], path + ".activation_bytes", Dimension::Bytes);
}

void read_input(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node, const std::string& path,
                TrainingInput& in)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"tier", "sample_bytes", "files", "decode", "decoded_bytes", "readers", "prefetch"},
                    "a training input");
  in.tier = tier_reference(reader, scenario, reader.required(node, "tier", path), path + ".tier");
  in.sample_bytes =
      reader.positive_quantity(reader.required(node, "sample_bytes", path), path + ".sample_bytes", Dimension::Bytes);
  if (node["files"])
    in.files = reader.integer(node["files"], path + ".files", 1);
  if (node["decode"])
    in.decode_flops = reader.non_negative_quantity(node["decode"], path + ".decode", Dimension::Flops);
  if (node["decoded_bytes"])
    in.decoded_bytes = reader.non_negative_quantity(node["decoded_bytes"], path + ".decoded_bytes", Dimension::Bytes);
  if (node["readers"])
    in.readers = reader.bounded_integer(node["readers"], path + ".readers", 1, 1024);
  if (node["prefetch"])
    in.prefetch = reader.bounded_integer(node["prefetch"], path + ".prefetch", 1, 1024);
}

void read_allreduce(const YamlReader& reader, const YAML::Node& node, const std::string& path, TrainingCollective& c)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"algorithm", "overlap"}, "an all-reduce");
  if (node["algorithm"])
    c.algorithm = reader.choice_of(node["algorithm"], path + ".algorithm", kCollectiveAlgorithms);
  if (node["overlap"])
    c.overlap = fraction(reader, node["overlap"], path + ".overlap", true);
}

void read_checkpoint(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                     const std::string& path, TrainingCheckpoint& c)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"every", "tier", "mode", "bytes"}, "a checkpoint");
  c.where = reader.where(node, path);
  c.every = reader.integer(reader.required(node, "every", path), path + ".every", 1);
  c.tier  = tier_reference(reader, scenario, reader.required(node, "tier", path), path + ".tier");
  if (node["mode"])
    c.mode = reader.choice_of(node["mode"], path + ".mode", kCheckpointModes);
  if (node["bytes"])
    c.bytes = reader.positive_quantity(node["bytes"], path + ".bytes", Dimension::Bytes);
}

} // namespace

void read_compression(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                      TrainingCompression& c)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"pruning", "quantization", "distillation"}, "a compression what-if");
  if (node["pruning"])
    c.pruning = fraction(reader, node["pruning"], path + ".pruning", false);
  if (const YAML::Node q = node["quantization"]) {
    std::string qpath = path + ".quantization";
    reader.require_map(q, qpath);
    reader.check_keys(q, qpath, {"bits", "speedup"}, "a quantization");
    c.bits = reader.bounded_integer(reader.required(q, "bits", qpath), qpath + ".bits", 1, 32);
    if (q["speedup"])
      c.speedup = positive_number(reader, q["speedup"], qpath + ".speedup");
  }
  if (node["distillation"]) {
    c.distillation = reader.number(node["distillation"], path + ".distillation");
    if (!(c.distillation > 0 && c.distillation <= 1))
      reader.fail(node["distillation"], path + ".distillation",
                  "'" + path + ".distillation' (the student's size as a fraction of the model's) must be in (0, 1]");
  }
}

TrainingSpec read_training(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                           const std::string& path)
{
  reader.require_map(node, path);
  reader.check_keys(node, path,
                    {"iterations", "batch", "model", "input", "allreduce", "alltoall", "checkpoint", "compression"},
                    "a training job");
  TrainingSpec t;
  t.where      = reader.where(node, path);
  t.iterations = reader.integer(reader.required(node, "iterations", path), path + ".iterations", 1);
  t.batch      = reader.bounded_integer(reader.required(node, "batch", path), path + ".batch", 1);
  read_model(reader, reader.required(node, "model", path), path + ".model", t.model);
  if (node["input"])
    read_input(reader, scenario, node["input"], path + ".input", t.input);
  if (node["allreduce"])
    read_allreduce(reader, node["allreduce"], path + ".allreduce", t.allreduce);
  if (node["alltoall"])
    t.alltoall_bytes = reader.positive_quantity(node["alltoall"], path + ".alltoall", Dimension::Bytes);
  if (node["checkpoint"])
    read_checkpoint(reader, scenario, node["checkpoint"], path + ".checkpoint", t.checkpoint);
  if (node["compression"])
    read_compression(reader, node["compression"], path + ".compression", t.compression);
  return t;
}

} // namespace dcflow
