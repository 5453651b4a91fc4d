// Per-job amounts: a constant with a unit, or {dist: KIND, ...} with the kind's own keys.
#include "scenario/load_sections.hpp"
#include "workload/empirical.hpp"

#include <stdexcept>

namespace dcflow {
namespace {

// The values come from the workload layer's CSV reader; a bad reference is an error at the key naming the file.
Distribution empirical(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                       const std::string& file, const std::string& column, double unit)
{
  std::string resolved = reader.resolve(file);
  try {
    return Distribution::empirical(read_empirical_column(resolved, column, unit), resolved);
  } catch (const std::invalid_argument& error) {
    reader.fail(node, path, error.what());
  }
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
  if (!kind_node)
    reader.fail(node, path,
                "distribution '" + path +
                    "' needs 'dist:' (constant, uniform, exponential, normal, lognormal or empirical)");
  std::string kind = reader.choice(kind_node, YamlReader::join_path(path, "dist"),
                                   {"constant", "uniform", "exponential", "normal", "lognormal", "empirical"});
  auto field       = [&](const std::string& key) {
    const YAML::Node value = node[key];
    if (!value)
      reader.fail(node, path, "distribution '" + path + "' (" + kind + ") needs '" + key + "'");
    return value;
  };
  auto sub = [&](const std::string& key) { return YamlReader::join_path(path, key); };
  if (kind == "constant") {
    reader.check_keys(node, path, {"dist", "value"}, "a constant distribution");
    return Distribution::constant(reader.positive_quantity(field("value"), sub("value"), dimension));
  }
  if (kind == "uniform") {
    reader.check_keys(node, path, {"dist", "min", "max"}, "a uniform distribution");
    double min = reader.positive_quantity(field("min"), sub("min"), dimension);
    double max = reader.positive_quantity(field("max"), sub("max"), dimension);
    if (max < min)
      reader.fail(field("max"), sub("max"), "'" + sub("max") + "' must not be below 'min'");
    return Distribution::uniform(min, max);
  }
  if (kind == "exponential") {
    reader.check_keys(node, path, {"dist", "mean"}, "an exponential distribution");
    return Distribution::exponential(reader.positive_quantity(field("mean"), sub("mean"), dimension));
  }
  if (kind == "normal") {
    reader.check_keys(node, path, {"dist", "mean", "stddev"}, "a normal distribution");
    double mean   = reader.positive_quantity(field("mean"), sub("mean"), dimension);
    double stddev = reader.non_negative_quantity(field("stddev"), sub("stddev"), dimension);
    return Distribution::normal(mean, stddev);
  }
  if (kind == "lognormal") {
    reader.check_keys(node, path, {"dist", "median", "sigma"}, "a lognormal distribution");
    double median = reader.positive_quantity(field("median"), sub("median"), dimension);
    double sigma  = reader.number(field("sigma"), sub("sigma"));
    if (sigma < 0)
      reader.fail(field("sigma"), sub("sigma"), "'" + sub("sigma") + "' must not be negative");
    return Distribution::lognormal(median, sigma);
  }
  // empirical: one numeric column of a CSV file, values in `unit` (default the base unit)
  reader.check_keys(node, path, {"dist", "file", "column", "unit"}, "an empirical distribution");
  std::string file = reader.string_value(field("file"), sub("file"));
  double unit      = 1.0;
  if (node["unit"])
    unit = reader.positive_quantity(node["unit"], sub("unit"), dimension);
  std::string column = node["column"] ? reader.string_value(node["column"], sub("column")) : std::string();
  return empirical(reader, field("file"), sub("file"), file, column, unit);
}

} // namespace dcflow
