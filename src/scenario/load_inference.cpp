// A job class's `inference:` block: the served model, its replicas, the requests' token counts (or a request
// trace), batching, latency objectives, where a new replica loads its weights from, and the compression
// what-ifs (scenario/inference.hpp).
#include "scenario/load_sections.hpp"

namespace dcflow {
namespace {

const std::vector<BatchingMode> kBatchingModes{BatchingMode::Static, BatchingMode::Continuous};

double positive_number(const YamlReader& reader, const YAML::Node& node, const std::string& path)
{
  double value = reader.number(node, path);
  if (!(value > 0))
    reader.fail(node, path, "'" + path + "' must be positive");
  return value;
}

double fraction(const YamlReader& reader, const YAML::Node& node, const std::string& path)
{
  double value = reader.number(node, path);
  if (!(value > 0 && value <= 1))
    reader.fail(node, path, "'" + path + "' must be in (0, 1]");
  return value;
}

void read_model(const YamlReader& reader, const YAML::Node& node, const std::string& path, ServedModel& m)
{
  reader.require_map(node, path);
  reader.check_keys(node, path,
                    {"parameters", "layers", "kv_heads", "head_dim", "hidden", "bytes_per_parameter", "kv_bytes"},
                    "a served model");
  m.parameters = positive_number(reader, reader.required(node, "parameters", path), path + ".parameters");
  m.layers     = reader.bounded_integer(reader.required(node, "layers", path), path + ".layers", 1);
  m.kv_heads   = reader.bounded_integer(reader.required(node, "kv_heads", path), path + ".kv_heads", 1);
  m.head_dim   = reader.bounded_integer(reader.required(node, "head_dim", path), path + ".head_dim", 1);
  if (node["hidden"])
    m.hidden = positive_number(reader, node["hidden"], path + ".hidden");
  if (node["bytes_per_parameter"])
    m.bytes_per_parameter = positive_number(reader, node["bytes_per_parameter"], path + ".bytes_per_parameter");
  if (node["kv_bytes"])
    m.kv_bytes = positive_number(reader, node["kv_bytes"], path + ".kv_bytes");
}

void read_batching(const YamlReader& reader, const YAML::Node& node, const std::string& path, InferenceBatching& b)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"mode", "max_batch", "max_wait"}, "a batching policy");
  if (node["mode"])
    b.mode = reader.choice_of(node["mode"], path + ".mode", kBatchingModes);
  if (node["max_batch"])
    b.max_batch = reader.bounded_integer(node["max_batch"], path + ".max_batch", 1, 1 << 20);
  if (node["max_wait"]) {
    if (b.mode != BatchingMode::Static)
      reader.fail(node["max_wait"], path + ".max_wait",
                  "'" + path + ".max_wait' applies to 'mode: static' (continuous batching never waits)");
    b.max_wait = reader.non_negative_quantity(node["max_wait"], path + ".max_wait", Dimension::Time);
  }
}

} // namespace

InferenceSpec read_inference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                             const std::string& path)
{
  reader.require_map(node, path);
  reader.check_keys(node, path,
                    {"model", "tensor_parallel", "replicas", "max_outstanding", "memory_fraction", "efficiency", "prompt", "output",
                     "trace", "batching", "objectives", "ingest", "weights", "compression"},
                    "an inference class");
  InferenceSpec s;
  s.where = reader.where(node, path);
  read_model(reader, reader.required(node, "model", path), path + ".model", s.model);
  if (node["tensor_parallel"]) {
    s.tensor_parallel       = reader.bounded_integer(node["tensor_parallel"], path + ".tensor_parallel", 1, 1024);
    s.tensor_parallel_where = reader.where(node["tensor_parallel"], path + ".tensor_parallel");
  } else {
    s.tensor_parallel_where = s.where;
  }
  if (node["replicas"])
    s.replicas = reader.bounded_integer(node["replicas"], path + ".replicas", 1);
  if (node["max_outstanding"])
    s.max_outstanding = reader.bounded_integer(node["max_outstanding"], path + ".max_outstanding", 1);
  if (node["memory_fraction"])
    s.memory_fraction = fraction(reader, node["memory_fraction"], path + ".memory_fraction");
  if (const YAML::Node e = node["efficiency"]) {
    std::string epath = path + ".efficiency";
    reader.require_map(e, epath);
    reader.check_keys(e, epath, {"compute", "memory"}, "efficiency factors");
    if (e["compute"])
      s.compute_efficiency = fraction(reader, e["compute"], epath + ".compute");
    if (e["memory"])
      s.memory_efficiency = fraction(reader, e["memory"], epath + ".memory");
  }
  if (node["trace"]) {
    for (const char* key : {"prompt", "output"})
      if (node[key])
        reader.fail(node[key], path + "." + key,
                    std::string("'") + path + "." + key + "' does not apply with 'trace' (the trace gives each "
                                                          "request's prompt and output tokens)");
    s.trace       = reader.resolve(reader.string_value(node["trace"], path + ".trace"));
    s.trace_where = reader.where(node["trace"], path + ".trace");
  } else {
    s.prompt = read_distribution(reader, reader.required(node, "prompt", path), path + ".prompt", Dimension::Number);
    s.output = read_distribution(reader, reader.required(node, "output", path), path + ".output", Dimension::Number);
  }
  if (node["batching"])
    read_batching(reader, node["batching"], path + ".batching", s.batching);
  if (const YAML::Node o = node["objectives"]) {
    std::string opath = path + ".objectives";
    reader.require_map(o, opath);
    reader.check_keys(o, opath, {"ttft", "tpot"}, "latency objectives");
    if (o["ttft"])
      s.objectives.ttft = reader.positive_quantity(o["ttft"], opath + ".ttft", Dimension::Time);
    if (o["tpot"])
      s.objectives.tpot = reader.positive_quantity(o["tpot"], opath + ".tpot", Dimension::Time);
  }
  if (const YAML::Node in = node["ingest"]) {
    std::string ipath = path + ".ingest";
    reader.require_map(in, ipath);
    reader.check_keys(in, ipath, {"from", "to", "bytes", "connections"}, "a request ingest");
    RequestIngest ingest;
    ingest.where = reader.where(in, ipath);
    ingest.from  = role_reference(reader, scenario, reader.required(in, "from", ipath), ipath + ".from");
    ingest.to    = role_reference(reader, scenario, reader.required(in, "to", ipath), ipath + ".to");
    ingest.bytes = read_distribution(reader, reader.required(in, "bytes", ipath), ipath + ".bytes", Dimension::Bytes);
    if (in["connections"])
      ingest.connections = reader.bounded_integer(in["connections"], ipath + ".connections", 1, 1 << 20);
    s.ingest     = std::move(ingest);
  }
  if (const YAML::Node w = node["weights"]) {
    std::string wpath = path + ".weights";
    reader.require_map(w, wpath);
    reader.check_keys(w, wpath, {"tier"}, "a weights source");
    s.weights_tier = tier_reference(reader, scenario, reader.required(w, "tier", wpath), wpath + ".tier");
  }
  if (node["compression"])
    read_compression(reader, node["compression"], path + ".compression", s.compression);
  return s;
}

} // namespace dcflow
