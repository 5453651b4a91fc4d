// Per-job amounts: a constant with a unit, or {dist: KIND, ...} with the kind's own keys. Each kind of
// distribution is one entry of distribution_kinds(): its keys and its reader.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"
#include "workload/empirical.hpp"

#include <stdexcept>

namespace dcflow {
namespace {

// The map {dist: KIND, ...} that one kind's reader reads.
struct DistributionInput {
  const YamlReader& reader;
  const YAML::Node& node;
  const std::string& path;
  Dimension dimension;
  std::string kind; // its name, for messages

  std::string sub(const std::string& key) const { return YamlReader::join_path(path, key); }
  // A key the kind needs: missing, it is an error at the map.
  YAML::Node field(const std::string& key) const
  {
    const YAML::Node value = node[key];
    if (!value)
      reader.fail(node, path, "distribution '" + path + "' (" + kind + ") needs '" + key + "'");
    return value;
  }
  double positive(const std::string& key) const { return reader.positive_quantity(field(key), sub(key), dimension); }
};

struct DistributionKindSpec {
  Distribution::Kind kind;
  const char* what;              // "a uniform distribution", for key errors
  std::vector<std::string> keys; // besides dist
  Distribution (*read)(const DistributionInput&);
};

Distribution read_constant(const DistributionInput& in)
{
  return Distribution::constant(in.positive("value"));
}

Distribution read_uniform(const DistributionInput& in)
{
  double min = in.positive("min");
  double max = in.positive("max");
  if (max < min)
    in.reader.fail(in.field("max"), in.sub("max"), "'" + in.sub("max") + "' must not be below 'min'");
  return Distribution::uniform(min, max);
}

Distribution read_exponential(const DistributionInput& in)
{
  return Distribution::exponential(in.positive("mean"));
}

Distribution read_normal(const DistributionInput& in)
{
  double mean   = in.positive("mean");
  double stddev = in.reader.non_negative_quantity(in.field("stddev"), in.sub("stddev"), in.dimension);
  return Distribution::normal(mean, stddev);
}

Distribution read_lognormal(const DistributionInput& in)
{
  double median = in.positive("median");
  double sigma  = in.reader.number(in.field("sigma"), in.sub("sigma"));
  if (sigma < 0)
    in.reader.fail(in.field("sigma"), in.sub("sigma"), "'" + in.sub("sigma") + "' must not be negative");
  return Distribution::lognormal(median, sigma);
}

Distribution read_weibull(const DistributionInput& in)
{
  double scale = in.positive("scale");
  double shape = in.reader.number(in.field("shape"), in.sub("shape"));
  if (shape <= 0)
    in.reader.fail(in.field("shape"), in.sub("shape"), "'" + in.sub("shape") + "' must be positive");
  return Distribution::weibull(scale, shape);
}

// One numeric column of a CSV file, values in `unit` (default the base unit). The values come from the
// workload layer's CSV reader; a bad reference is an error at the key naming the file.
Distribution read_empirical(const DistributionInput& in)
{
  std::string file = in.reader.string_value(in.field("file"), in.sub("file"));
  double unit      = 1.0;
  if (in.node["unit"])
    unit = in.reader.positive_quantity(in.node["unit"], in.sub("unit"), in.dimension);
  std::string column = in.node["column"] ? in.reader.string_value(in.node["column"], in.sub("column")) : std::string();
  std::string resolved = in.reader.resolve(file);
  try {
    return Distribution::empirical(read_empirical_column(resolved, column, unit), resolved);
  } catch (const std::invalid_argument& error) {
    in.reader.fail(in.field("file"), in.sub("file"), error.what());
  }
}

// The kinds `dist:` may name (by to_string), in the order messages list them.
const std::vector<DistributionKindSpec>& distribution_kinds()
{
  using Kind = Distribution::Kind;
  static const std::vector<DistributionKindSpec> table{
      {Kind::Constant, "a constant distribution", {"value"}, read_constant},
      {Kind::Uniform, "a uniform distribution", {"min", "max"}, read_uniform},
      {Kind::Exponential, "an exponential distribution", {"mean"}, read_exponential},
      {Kind::Normal, "a normal distribution", {"mean", "stddev"}, read_normal},
      {Kind::Lognormal, "a lognormal distribution", {"median", "sigma"}, read_lognormal},
      {Kind::Weibull, "a Weibull distribution", {"scale", "shape"}, read_weibull},
      {Kind::Empirical, "an empirical distribution", {"file", "column", "unit"}, read_empirical},
  };
  return table;
}

} // namespace

Distribution read_distribution(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                               Dimension dimension)
{
  if (node.IsScalar())
    return Distribution::constant(reader.positive_quantity(node, path, dimension));
  if (!node.IsMap())
    reader.fail(node, path,
                "'" + path + "' must be " + dimension_noun(dimension) +
                    " or a distribution such as {dist: uniform, min: ..., max: ...}, got " + node_type(node));
  const YAML::Node kind_node = node["dist"];
  if (!kind_node) {
    std::vector<std::string> names;
    for (const auto& spec : distribution_kinds())
      names.push_back(to_string(spec.kind));
    std::string last = names.back();
    names.pop_back();
    reader.fail(node, path, "distribution '" + path + "' needs 'dist:' (" + join(names, ", ") + " or " + last + ")");
  }
  const auto& spec = reader.kind_choice(kind_node, YamlReader::join_path(path, "dist"), distribution_kinds());
  std::vector<std::string> keys{"dist"};
  keys.insert(keys.end(), spec.keys.begin(), spec.keys.end());
  reader.check_keys(node, path, keys, spec.what);
  return spec.read(DistributionInput{reader, node, path, dimension, to_string(spec.kind)});
}

} // namespace dcflow
