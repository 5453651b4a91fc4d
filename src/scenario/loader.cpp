#include "scenario/loader.hpp"

#include "policy/policy.hpp"
#include "scenario/host_pattern.hpp"
#include "scenario/units.hpp"
#include "util/strings.hpp"
#include "workload/empirical.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace dcflow {
namespace {

namespace fs = std::filesystem;

// Jobs are generated up front (about 200 bytes each with their records): beyond this the memory, not the
// simulation, would be the limit.
constexpr std::int64_t kMaxJobs = 10'000'000;

std::string read_text_file(const std::string& file)
{
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(Location{file}, std::string("cannot read scenario: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string node_type(const YAML::Node& node)
{
  switch (node.Type()) {
  case YAML::NodeType::Map:
    return "a map";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "'" + node.Scalar() + "'";
  case YAML::NodeType::Null:
    return "nothing";
  default:
    return "nothing";
  }
}

// Walks a YAML document and turns it into typed values, reporting the place of every error.
class Reader {
public:
  Reader(std::string file, std::vector<Override> overrides, std::string base_dir)
      : file_(std::move(file)), overrides_(std::move(overrides)), base_dir_(std::move(base_dir))
  {
  }

  const std::string& base_dir() const { return base_dir_; }

  // A path from the scenario, relative to the scenario's folder unless absolute.
  std::string resolve(const std::string& file) const
  {
    fs::path path(file);
    return path.is_absolute() ? file : (fs::path(base_dir_) / path).lexically_normal().string();
  }

  Location where(const YAML::Node& node, const std::string& path) const
  {
    for (const auto& o : overrides_)
      if (path == o.path || path.rfind(o.path + ".", 0) == 0)
        return Location{"--set " + o.argument};
    if (!node.IsDefined())
      return Location{file_};
    YAML::Mark mark = node.Mark();
    if (mark.is_null())
      return Location{file_};
    return Location{file_, mark.line + 1, mark.column + 1};
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& message) const
  {
    throw InputError(where(node, path), message);
  }

  void require_map(const YAML::Node& node, const std::string& path) const
  {
    if (!node.IsMap())
      fail(node, path, "'" + path + "' must be a map, got " + node_type(node));
  }

  // Unknown and duplicate keys are errors (yaml-cpp would silently keep the first duplicate).
  void check_keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed,
                  const std::string& what) const
  {
    std::set<std::string> seen;
    for (const auto& entry : node) {
      const YAML::Node& key = entry.first;
      if (!key.IsScalar())
        fail(key, path, "keys of '" + path + "' must be names");
      const std::string& name = key.Scalar();
      std::string key_path    = join_path(path, name);
      if (!seen.insert(name).second)
        fail(key, key_path, "duplicate key '" + name + "' in " + what);
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string hint = did_you_mean(name, allowed);
        if (hint.empty())
          hint = "; expected one of " + quoted_list(allowed);
        fail(key, key_path, "unknown key '" + name + "' in " + what + hint);
      }
    }
  }

  // Keys of a map of named things (classes, stages, tiers): duplicates are errors, names are free.
  std::vector<std::pair<std::string, YAML::Node>> named_entries(const YAML::Node& node, const std::string& path,
                                                                const std::string& what) const
  {
    require_map(node, path);
    check_keys(node, path, {}, what);
    std::vector<std::pair<std::string, YAML::Node>> entries;
    for (const auto& entry : node) {
      std::string name = entry.first.Scalar();
      if (!std::regex_match(name, std::regex("[A-Za-z0-9_.-]+")))
        fail(entry.first, join_path(path, name),
             "name '" + name + "' in " + what + " may only hold letters, digits, '_', '-' and '.'");
      entries.emplace_back(name, entry.second);
    }
    return entries;
  }

  static std::string join_path(const std::string& path, const std::string& key)
  {
    return path.empty() ? key : path + "." + key;
  }

  std::string scalar(const YAML::Node& node, const std::string& path, const std::string& expected) const
  {
    if (!node.IsScalar())
      fail(node, path, "'" + path + "' must be " + expected + ", got " + node_type(node));
    return node.Scalar();
  }

  // YAML 1.1 reads "010" as octal; we refuse the ambiguity instead of guessing.
  void check_leading_zero(const YAML::Node& node, const std::string& path) const
  {
    if (node.Tag() != "?")
      return; // quoted
    static const std::regex leading_zero("[+-]?0[0-9].*");
    if (std::regex_match(node.Scalar(), leading_zero))
      fail(node, path,
           "number '" + node.Scalar() + "' for '" + path +
               "' has a leading zero (YAML 1.1 would read it as octal); remove the zero");
  }

  std::string string_value(const YAML::Node& node, const std::string& path) const
  {
    std::string value = scalar(node, path, "a string");
    if (value.empty())
      fail(node, path, "'" + path + "' must not be empty");
    return value;
  }

  double number(const YAML::Node& node, const std::string& path) const
  {
    std::string text = scalar(node, path, "a number");
    check_leading_zero(node, path);
    char* end    = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(value))
      fail(node, path, "'" + path + "' must be a number, got '" + text + "'");
    return value;
  }

  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t minimum) const
  {
    std::string text = scalar(node, path, "an integer");
    check_leading_zero(node, path);
    static const std::regex integer_syntax("[+-]?[0-9]+");
    if (!std::regex_match(text, integer_syntax))
      fail(node, path, "'" + path + "' must be an integer, got '" + text + "'");
    errno           = 0;
    long long value = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == ERANGE)
      fail(node, path, "'" + path + "' is out of range: '" + text + "'");
    if (value < minimum)
      fail(node, path, "'" + path + "' must be at least " + std::to_string(minimum) + ", got " + text);
    return value;
  }

  // An integer that fits an int, in [minimum, maximum].
  int bounded_integer(const YAML::Node& node, const std::string& path, int minimum,
                      int maximum = std::numeric_limits<int>::max()) const
  {
    std::int64_t value = integer(node, path, minimum);
    if (value > maximum)
      fail(node, path, "'" + path + "' must be at most " + std::to_string(maximum) + ", got " + node.Scalar());
    return static_cast<int>(value);
  }

  double quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
  {
    std::string text = scalar(node, path, dimension_noun(dimension));
    check_leading_zero(node, path);
    try {
      return parse_quantity(text, dimension);
    } catch (const std::invalid_argument& error) {
      fail(node, path, "'" + path + "': " + error.what());
    }
  }

  double positive_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
  {
    double value = quantity(node, path, dimension);
    if (value <= 0)
      fail(node, path, "'" + path + "' must be positive, got '" + node.Scalar() + "'");
    return value;
  }

  double non_negative_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
  {
    double value = quantity(node, path, dimension);
    if (value < 0)
      fail(node, path, "'" + path + "' must not be negative, got '" + node.Scalar() + "'");
    return value;
  }

  std::string choice(const YAML::Node& node, const std::string& path, const std::vector<std::string>& choices) const
  {
    std::string value = scalar(node, path, "one of " + quoted_list(choices));
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
      std::string hint = did_you_mean(value, choices);
      fail(node, path,
           "unknown value '" + value + "' for '" + path + "'" +
               (hint.empty() ? "; expected one of " + quoted_list(choices) : hint));
    }
    return value;
  }

  // A per-job amount: a scalar with a unit, or {dist: ..., ...}. Values must be positive.
  Distribution distribution(const YAML::Node& node, const std::string& path, Dimension dimension) const
  {
    if (node.IsScalar())
      return Distribution::constant(positive_quantity(node, path, dimension));
    if (!node.IsMap())
      fail(node, path,
           "'" + path + "' must be " + dimension_noun(dimension) +
               " or a distribution such as {dist: uniform, min: ..., max: ...}, got " + node_type(node));
    const YAML::Node kind_node = node["dist"];
    if (!kind_node)
      fail(node, path,
           "distribution '" + path +
               "' needs 'dist:' (constant, uniform, exponential, normal, lognormal or empirical)");
    std::string kind = choice(kind_node, join_path(path, "dist"),
                              {"constant", "uniform", "exponential", "normal", "lognormal", "empirical"});
    auto field       = [&](const std::string& key) {
      const YAML::Node value = node[key];
      if (!value)
        fail(node, path, "distribution '" + path + "' (" + kind + ") needs '" + key + "'");
      return value;
    };
    auto sub = [&](const std::string& key) { return join_path(path, key); };
    if (kind == "constant") {
      check_keys(node, path, {"dist", "value"}, "a constant distribution");
      return Distribution::constant(positive_quantity(field("value"), sub("value"), dimension));
    }
    if (kind == "uniform") {
      check_keys(node, path, {"dist", "min", "max"}, "a uniform distribution");
      double min = positive_quantity(field("min"), sub("min"), dimension);
      double max = positive_quantity(field("max"), sub("max"), dimension);
      if (max < min)
        fail(field("max"), sub("max"), "'" + sub("max") + "' must not be below 'min'");
      return Distribution::uniform(min, max);
    }
    if (kind == "exponential") {
      check_keys(node, path, {"dist", "mean"}, "an exponential distribution");
      return Distribution::exponential(positive_quantity(field("mean"), sub("mean"), dimension));
    }
    if (kind == "normal") {
      check_keys(node, path, {"dist", "mean", "stddev"}, "a normal distribution");
      double mean   = positive_quantity(field("mean"), sub("mean"), dimension);
      double stddev = non_negative_quantity(field("stddev"), sub("stddev"), dimension);
      return Distribution::normal(mean, stddev);
    }
    if (kind == "lognormal") {
      check_keys(node, path, {"dist", "median", "sigma"}, "a lognormal distribution");
      double median = positive_quantity(field("median"), sub("median"), dimension);
      double sigma  = number(field("sigma"), sub("sigma"));
      if (sigma < 0)
        fail(field("sigma"), sub("sigma"), "'" + sub("sigma") + "' must not be negative");
      return Distribution::lognormal(median, sigma);
    }
    // empirical: one numeric column of a CSV file, values in `unit` (default the base unit)
    check_keys(node, path, {"dist", "file", "column", "unit"}, "an empirical distribution");
    std::string file = string_value(field("file"), sub("file"));
    double unit      = 1.0;
    if (node["unit"])
      unit = positive_quantity(node["unit"], sub("unit"), dimension);
    std::string column = node["column"] ? string_value(node["column"], sub("column")) : std::string();
    return empirical(field("file"), sub("file"), file, column, unit);
  }

  // The values come from the workload layer's CSV reader; a bad reference is an error at the key naming the file.
  Distribution empirical(const YAML::Node& node, const std::string& path, const std::string& file,
                         const std::string& column, double unit) const
  {
    std::string resolved = resolve(file);
    try {
      return Distribution::empirical(read_empirical_column(resolved, column, unit), resolved);
    } catch (const std::invalid_argument& error) {
      fail(node, path, error.what());
    }
  }

private:
  std::string file_;
  std::vector<Override> overrides_;
  std::string base_dir_;
};

// Applies one --set to the document: walk (creating) map keys, then replace the value.
void apply_override(YAML::Node& root, const Override& o)
{
  Location label{"--set " + o.argument};
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& error) {
    throw InputError(label, "value is not valid YAML: " + error.msg);
  }
  std::vector<std::string> keys;
  std::stringstream split(o.path);
  std::string key;
  while (std::getline(split, key, '.')) {
    if (key.empty())
      throw InputError(label, "empty key in path '" + o.path + "'");
    keys.push_back(key);
  }
  std::vector<YAML::Node> chain{root};
  std::string walked;
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    YAML::Node current = chain.back();
    walked             = walked.empty() ? keys[i] : walked + "." + keys[i];
    YAML::Node next    = current[keys[i]];
    if (next.IsDefined() && !next.IsNull() && !next.IsMap())
      throw InputError(label, "'" + walked + "' is not a map, so '" + o.path + "' cannot be set");
    if (!next.IsDefined() || next.IsNull()) {
      current[keys[i]] = YAML::Node(YAML::NodeType::Map);
      next             = current[keys[i]];
    }
    chain.push_back(next);
  }
  chain.back()[keys.back()] = value;
}

// Topological order of a class's stages; a cycle is an error at the stage that closes it.
std::vector<int> topological_order(const Reader& reader, const std::vector<Stage>& stages,
                                   const std::vector<YAML::Node>& nodes, const std::vector<std::string>& paths,
                                   const std::string& class_name)
{
  std::vector<int> state(stages.size(), 0); // 0 new, 1 on stack, 2 done
  std::vector<int> order;
  std::vector<int> stack;
  std::function<void(int)> visit = [&](int s) {
    state[s] = 1;
    stack.push_back(s);
    for (int d : stages[s].after) {
      if (state[d] == 1) {
        std::vector<std::string> cycle;
        auto it = std::find(stack.begin(), stack.end(), d);
        for (; it != stack.end(); ++it)
          cycle.push_back(stages[*it].name);
        cycle.push_back(stages[d].name);
        reader.fail(nodes[s], paths[s],
                    "stage graph of class '" + class_name + "' has a cycle: " + join(cycle, " -> "));
      }
      if (state[d] == 0)
        visit(d);
    }
    stack.pop_back();
    state[s] = 2;
    order.push_back(s);
  };
  for (std::size_t s = 0; s < stages.size(); ++s)
    if (state[s] == 0)
      visit(static_cast<int>(s));
  return order; // dependencies before dependants
}

void check_pattern(const Reader& reader, const YAML::Node& node, const std::string& path, const std::string& pattern)
{
  try {
    check_host_pattern(pattern);
  } catch (const std::invalid_argument& error) {
    reader.fail(node, path, error.what());
  }
}

HostSelector read_selector(const Reader& reader, const YAML::Node& node, const std::string& path)
{
  HostSelector selector;
  selector.where = reader.where(node, path);
  if (node.IsScalar()) {
    selector.pattern = reader.string_value(node, path);
    check_pattern(reader, node, path, selector.pattern);
    return selector;
  }
  if (!node.IsMap())
    reader.fail(node, path, "'" + path + "' must be a host name pattern or {pattern: ...} / {property: key=value}");
  reader.check_keys(node, path, {"pattern", "property"}, "a host selector");
  if (node["pattern"] && node["property"])
    reader.fail(node, path, "'" + path + "' takes 'pattern' or 'property', not both");
  if (node["pattern"]) {
    selector.pattern = reader.string_value(node["pattern"], path + ".pattern");
    selector.where   = reader.where(node["pattern"], path + ".pattern");
    check_pattern(reader, node["pattern"], path + ".pattern", selector.pattern);
  } else if (node["property"]) {
    std::string text        = reader.string_value(node["property"], path + ".property");
    std::size_t equal       = text.find('=');
    selector.property_key   = text.substr(0, equal);
    selector.property_value = equal == std::string::npos ? std::string() : text.substr(equal + 1);
    selector.where          = reader.where(node["property"], path + ".property");
    if (selector.property_key.empty())
      reader.fail(node["property"], path + ".property",
                  "'" + path + ".property' needs a property name: key or key=value");
  } else {
    reader.fail(node, path, "'" + path + "' needs 'pattern' or 'property'");
  }
  return selector;
}

AutoscaleSettings read_autoscale(const Reader& reader, const YAML::Node& node, const std::string& path)
{
  reader.require_map(node, path);
  reader.check_keys(node, path,
                    {"min", "max", "initial", "interval", "scale_out_queue", "scale_out_util", "step", "scale_in_idle",
                     "cooldown", "boot_time"},
                    "'" + path + "'");
  AutoscaleSettings a;
  a.enabled = true;
  auto sub  = [&](const char* key) { return path + "." + key; };
  if (node["min"])
    a.min = reader.bounded_integer(node["min"], sub("min"), 1);
  if (node["max"])
    a.max = reader.bounded_integer(node["max"], sub("max"), 1);
  if (a.max > 0 && a.max < a.min)
    reader.fail(node["max"], sub("max"), "'" + sub("max") + "' must not be below 'min'");
  a.initial = a.min;
  if (node["initial"]) {
    a.initial = reader.bounded_integer(node["initial"], sub("initial"), 1);
    if (a.initial < a.min || (a.max > 0 && a.initial > a.max))
      reader.fail(node["initial"], sub("initial"), "'" + sub("initial") + "' must lie between 'min' and 'max'");
  }
  if (node["interval"])
    a.interval = reader.positive_quantity(node["interval"], sub("interval"), Dimension::Time);
  if (node["scale_out_queue"])
    a.scale_out_queue = static_cast<double>(reader.integer(node["scale_out_queue"], sub("scale_out_queue"), 1));
  if (node["scale_out_util"]) {
    double u = reader.number(node["scale_out_util"], sub("scale_out_util"));
    if (u <= 0 || u > 1)
      reader.fail(node["scale_out_util"], sub("scale_out_util"), "'" + sub("scale_out_util") + "' must be in (0, 1]");
    a.scale_out_util = u;
  }
  if (!a.scale_out_queue && !a.scale_out_util)
    reader.fail(node, path,
                "'" + path + "' needs 'scale_out_queue' (jobs waiting), 'scale_out_util' (busy fraction) or both");
  if (node["step"])
    a.step = reader.bounded_integer(node["step"], sub("step"), 1);
  if (node["scale_in_idle"])
    a.scale_in_idle = reader.non_negative_quantity(node["scale_in_idle"], sub("scale_in_idle"), Dimension::Time);
  if (node["cooldown"])
    a.cooldown = reader.non_negative_quantity(node["cooldown"], sub("cooldown"), Dimension::Time);
  if (node["boot_time"])
    a.boot_time = reader.non_negative_quantity(node["boot_time"], sub("boot_time"), Dimension::Time);
  return a;
}

// A transfer block, on top of `base`: naming a protocol resets the protocol's own parameters (window,
// efficiency, set-up, CPU per byte) to its defaults; pipes and compression carry over unless given.
TransferSettings read_transfer(const Reader& reader, const YAML::Node& node, const std::string& path,
                               const TransferSettings& base)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"pipes", "protocol", "window", "efficiency", "setup", "cpu_per_byte", "compression"},
                    "'" + path + "'");
  auto sub           = [&](const char* key) { return path + "." + key; };
  TransferSettings t = base;
  if (node["protocol"]) {
    std::string name          = reader.choice(node["protocol"], sub("protocol"), {"tcp", "udp", "rdma"});
    TransferSettings defaults = protocol_defaults(name == "tcp"   ? Protocol::Tcp
                                                  : name == "udp" ? Protocol::Udp
                                                                  : Protocol::Rdma);
    defaults.pipes            = base.pipes;
    defaults.compression      = base.compression;
    t                         = defaults;
  }
  if (node["pipes"]) {
    t.pipes = reader.bounded_integer(node["pipes"], sub("pipes"), 1, 4096);
  }
  if (node["window"]) {
    if (t.protocol != Protocol::Tcp)
      reader.fail(node["window"], sub("window"),
                  "'window' applies to tcp only; " + to_string(t.protocol) + " has none");
    t.window = reader.positive_quantity(node["window"], sub("window"), Dimension::Bytes);
  }
  if (node["efficiency"]) {
    t.efficiency = reader.number(node["efficiency"], sub("efficiency"));
    if (t.efficiency <= 0 || t.efficiency > 1)
      reader.fail(node["efficiency"], sub("efficiency"),
                  "'" + sub("efficiency") + "' is a payload fraction: it must be in (0, 1]");
  }
  if (node["setup"])
    t.setup = reader.non_negative_quantity(node["setup"], sub("setup"), Dimension::Time);
  if (node["cpu_per_byte"]) {
    t.cpu_per_byte = reader.number(node["cpu_per_byte"], sub("cpu_per_byte"));
    if (t.cpu_per_byte < 0)
      reader.fail(node["cpu_per_byte"], sub("cpu_per_byte"), "'" + sub("cpu_per_byte") + "' must not be negative");
  }
  if (const YAML::Node c = node["compression"]) {
    std::vector<std::string> codecs = codec_names();
    codecs.push_back("none");
    if (c.IsScalar()) {
      std::string codec = reader.choice(c, sub("compression"), codecs);
      if (codec == "none")
        t.compression.reset();
      else
        t.compression = *codec_preset(codec);
    } else {
      std::string cpath = sub("compression");
      reader.require_map(c, cpath);
      reader.check_keys(c, cpath, {"codec", "ratio", "compress_rate", "decompress_rate"}, "'" + cpath + "'");
      Compression comp{"custom", 1, 0, 0};
      if (c["codec"]) {
        codecs.pop_back();
        std::string codec = reader.choice(c["codec"], cpath + ".codec", codecs);
        comp              = *codec_preset(codec);
      }
      if (c["ratio"]) {
        comp.ratio = reader.number(c["ratio"], cpath + ".ratio");
        if (comp.ratio < 1)
          reader.fail(c["ratio"], cpath + ".ratio",
                      "'" + cpath + ".ratio' (uncompressed / compressed) must be at least 1");
      }
      if (c["compress_rate"])
        comp.compress_rate =
            reader.positive_quantity(c["compress_rate"], cpath + ".compress_rate", Dimension::Bandwidth);
      if (c["decompress_rate"])
        comp.decompress_rate =
            reader.positive_quantity(c["decompress_rate"], cpath + ".decompress_rate", Dimension::Bandwidth);
      if (comp.compress_rate <= 0 || comp.decompress_rate <= 0)
        reader.fail(c, cpath,
                    "'" + cpath +
                        "' needs 'codec' (lz4, zstd, gzip) or all of 'ratio', 'compress_rate' and 'decompress_rate'");
      t.compression = comp;
    }
  }
  return t;
}

// The sections after the workload: scheduling, analytic, output.
void finish_sections(const Reader& reader, const YAML::Node& root, Scenario& scenario)
{
  if (const YAML::Node scheduling = root["scheduling"]) {
    reader.require_map(scheduling, "scheduling");
    reader.check_keys(scheduling, "scheduling", {"policy", "autoscale"}, "'scheduling'");
    if (const YAML::Node autoscale = scheduling["autoscale"])
      scenario.autoscale = read_autoscale(reader, autoscale, "scheduling.autoscale");
    scenario.autoscale_where = reader.where(scheduling["autoscale"], "scheduling.autoscale");
    if (scheduling["policy"]) {
      scenario.policy       = reader.choice(scheduling["policy"], "scheduling.policy", policy_names());
      scenario.policy_where = reader.where(scheduling["policy"], "scheduling.policy");
    }
  }
  if (const YAML::Node analytic = root["analytic"]) {
    reader.require_map(analytic, "analytic");
    reader.check_keys(analytic, "analytic", {"s_sched"}, "'analytic'");
    if (analytic["s_sched"]) {
      scenario.s_sched = reader.number(analytic["s_sched"], "analytic.s_sched");
      if (scenario.s_sched <= 0 || scenario.s_sched > 1)
        reader.fail(analytic["s_sched"], "analytic.s_sched",
                    "'analytic.s_sched' is an efficiency: it must be in (0, 1]");
    }
  }
  if (const YAML::Node output = root["output"]) {
    reader.require_map(output, "output");
    reader.check_keys(output, "output", {"timeseries_bins"}, "'output'");
    if (output["timeseries_bins"])
      scenario.timeseries_bins =
          reader.bounded_integer(output["timeseries_bins"], "output.timeseries_bins", 1, 1000000);
  }
}

void read_trace(const Reader& reader, const YAML::Node& node, const std::string& path, Workload& w)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"format", "file", "node_speed", "time_scale"}, "'" + path + "'");
  auto required = [&](const char* key) {
    const YAML::Node value = node[key];
    if (!value)
      reader.fail(node, path, "missing key '" + std::string(key) + "' in '" + path + "'");
    return value;
  };
  TraceSource trace;
  trace.where        = reader.where(node, path);
  std::string format = reader.choice(required("format"), path + ".format", {"swf", "alibaba_gpu"});
  trace.format       = format == "swf" ? TraceSource::Format::Swf : TraceSource::Format::AlibabaGpu;
  std::string file   = reader.string_value(required("file"), path + ".file");
  trace.file         = reader.resolve(file);
  std::ifstream probe(trace.file);
  std::error_code ec;
  if (!probe || fs::is_directory(trace.file, ec))
    reader.fail(node["file"], path + ".file",
                "cannot read trace '" + trace.file + "': " + (probe ? "Is a directory" : std::strerror(errno)));
  trace.node_speed = reader.positive_quantity(required("node_speed"), path + ".node_speed", Dimension::FlopRate);
  if (node["time_scale"]) {
    trace.time_scale = reader.number(node["time_scale"], path + ".time_scale");
    if (trace.time_scale <= 0)
      reader.fail(node["time_scale"], path + ".time_scale", "'" + path + ".time_scale' must be positive");
  }
  w.trace = trace;
  // One synthetic class: a compute stage whose flops come from the trace, job by job.
  JobClass job_class;
  job_class.name  = "trace";
  job_class.where = trace.where;
  Stage stage;
  stage.name   = "run";
  stage.kind   = StageKind::Compute;
  stage.amount = Distribution::constant(0);
  stage.where  = trace.where;
  job_class.stages.push_back(stage);
  w.classes.push_back(job_class);
}

Scenario build(const Reader& reader, const YAML::Node& root, const std::string& file)
{
  Scenario scenario;
  scenario.file = file;
  if (!root.IsDefined() || root.IsNull())
    throw InputError(Location{file}, "the scenario is empty");
  reader.require_map(root, "");
  reader.check_keys(
      root, "",
      {"name", "seed", "platform", "hosts", "storage", "transfer", "workload", "scheduling", "analytic", "output"},
      "the scenario");
  auto required = [&](const YAML::Node& parent, const std::string& key, const std::string& path) {
    const YAML::Node node = parent[key];
    if (!node)
      reader.fail(parent, path, "missing key '" + key + "'" + (path.empty() ? "" : " in '" + path + "'"));
    return node;
  };

  scenario.name = reader.string_value(required(root, "name", ""), "name");
  if (!std::regex_match(scenario.name, std::regex("[A-Za-z0-9_.-]+")))
    reader.fail(root["name"], "name", "'name' is used as a folder name: only letters, digits, '_', '-' and '.'");
  if (root["seed"])
    scenario.seed = static_cast<std::uint64_t>(reader.integer(root["seed"], "seed", 0));

  const YAML::Node platform = required(root, "platform", "");
  std::string platform_text = reader.string_value(platform, "platform");
  scenario.platform_file    = reader.resolve(platform_text);
  scenario.platform_where   = reader.where(platform, "platform");

  // hosts: role -> selector
  const YAML::Node hosts = required(root, "hosts", "");
  for (const auto& [name, node] : reader.named_entries(hosts, "hosts", "'hosts'"))
    scenario.roles.push_back(Role{name, read_selector(reader, node, "hosts." + name)});
  if (!scenario.find_role("compute"))
    reader.fail(hosts, "hosts", "'hosts' must define the 'compute' role (the pool jobs are dispatched to)");
  std::vector<std::string> role_names;
  for (const auto& role : scenario.roles)
    role_names.push_back(role.name);
  auto role_reference = [&](const YAML::Node& node, const std::string& path) {
    std::string name = reader.string_value(node, path);
    if (!scenario.find_role(name)) {
      std::string hint = did_you_mean(name, role_names);
      reader.fail(node, path,
                  "undefined host role '" + name + "'" +
                      (hint.empty() ? "; roles are " + quoted_list(role_names) : hint));
    }
    return name;
  };

  // storage tiers
  if (root["storage"]) {
    // The keys of one kind of tier only; a tier of another kind naming one is an error.
    const std::vector<std::pair<const char*, TierKind>> owned{{"capacity", TierKind::Cache},
                                                              {"backing", TierKind::Cache},
                                                              {"first_byte_latency", TierKind::Object},
                                                              {"request_size", TierKind::Object},
                                                              {"connections", TierKind::Object},
                                                              {"connection_bandwidth", TierKind::Object},
                                                              {"request_rate", TierKind::Object},
                                                              {"block_size", TierKind::Dfs},
                                                              {"replication", TierKind::Dfs},
                                                              {"placement", TierKind::Dfs}};
    std::vector<std::string> tier_keys{"kind", "hosts", "disk"};
    for (const auto& entry : owned)
      tier_keys.push_back(entry.first);
    for (const auto& [name, node] : reader.named_entries(root["storage"], "storage", "'storage'")) {
      std::string path = "storage." + name;
      reader.require_map(node, path);
      reader.check_keys(node, path, tier_keys, "a storage tier");
      StorageTier tier;
      tier.name        = name;
      tier.where       = reader.where(node, path);
      tier.role        = role_reference(required(node, "hosts", path), path + ".hosts");
      std::string kind = node["kind"] ? reader.choice(node["kind"], path + ".kind",
                                                      {"disk", "cache", "memory", "nvme", "object", "dfs"})
                                      : "disk";
      tier.kind        = kind == "cache" || kind == "memory" || kind == "nvme" ? TierKind::Cache
                         : kind == "object"                                    ? TierKind::Object
                         : kind == "dfs"                                       ? TierKind::Dfs
                                                                               : TierKind::Disk;
      // kind: memory and kind: nvme are caches whose medium has default bandwidths (see MediumDefaults).
      if (kind == "memory" || kind == "nvme") {
        const MediumDefaults medium = kind == "memory" ? memory_medium() : nvme_medium();
        tier.create_disk            = true;
        tier.read_bandwidth         = medium.read;
        tier.write_bandwidth        = medium.write;
      }
      for (const auto& [key, owner] : owned)
        if (node[key] && owner != tier.kind)
          reader.fail(node[key], path + "." + key,
                      std::string("'") + key + "' applies to 'kind: " + to_string(owner) + "' tiers only");
      if (tier.kind == TierKind::Object && node["disk"])
        reader.fail(node["disk"], path + ".disk",
                    "an object tier has no disk: its bandwidth is its hosts' network links (use "
                    "'connection_bandwidth' and 'request_rate' for the service's own limits)");
      if (tier.cache()) {
        tier.capacity =
            reader.positive_quantity(required(node, "capacity", path), path + ".capacity", Dimension::Bytes);
        required(node, "backing", path);
      }
      if (tier.kind == TierKind::Object) {
        ObjectStoreSettings& o = tier.object;
        if (node["first_byte_latency"])
          o.first_byte_latency =
              reader.non_negative_quantity(node["first_byte_latency"], path + ".first_byte_latency", Dimension::Time);
        if (node["request_size"])
          o.request_size = reader.positive_quantity(node["request_size"], path + ".request_size", Dimension::Bytes);
        if (node["connections"]) {
          o.connections = reader.bounded_integer(node["connections"], path + ".connections", 1, 4096);
        }
        if (node["connection_bandwidth"])
          o.connection_bandwidth = reader.non_negative_quantity(node["connection_bandwidth"],
                                                                path + ".connection_bandwidth", Dimension::Bandwidth);
        if (const YAML::Node rate = node["request_rate"]) {
          std::string rpath = path + ".request_rate";
          if (rate.IsMap()) {
            reader.check_keys(rate, rpath, {"read", "write"}, "a request rate");
            if (rate["read"])
              o.read_request_rate = reader.non_negative_quantity(rate["read"], rpath + ".read", Dimension::Rate);
            if (rate["write"])
              o.write_request_rate = reader.non_negative_quantity(rate["write"], rpath + ".write", Dimension::Rate);
          } else {
            o.read_request_rate  = reader.non_negative_quantity(rate, rpath, Dimension::Rate);
            o.write_request_rate = o.read_request_rate;
          }
        }
      }
      if (tier.kind == TierKind::Dfs) {
        DfsSettings& d = tier.dfs;
        if (node["block_size"])
          d.block_size = reader.positive_quantity(node["block_size"], path + ".block_size", Dimension::Bytes);
        if (node["replication"]) {
          d.replication       = reader.bounded_integer(node["replication"], path + ".replication", 1);
          d.replication_where = reader.where(node["replication"], path + ".replication");
        }
        if (node["placement"])
          d.placement = reader.choice(node["placement"], path + ".placement", {"writer", "spread"}) == "spread"
                            ? Placement::Spread
                            : Placement::Writer;
      }
      if (const YAML::Node disk = node["disk"]) {
        if (disk.IsScalar()) {
          tier.create_disk = false;
          tier.disk_name   = reader.string_value(disk, path + ".disk");
          tier.where       = reader.where(disk, path + ".disk");
        } else {
          reader.require_map(disk, path + ".disk");
          reader.check_keys(disk, path + ".disk", {"read", "write"}, "a disk");
          tier.create_disk     = true;
          tier.read_bandwidth  = reader.positive_quantity(required(disk, "read", path + ".disk"), path + ".disk.read",
                                                          Dimension::Bandwidth);
          tier.write_bandwidth = reader.positive_quantity(required(disk, "write", path + ".disk"), path + ".disk.write",
                                                          Dimension::Bandwidth);
        }
      }
      scenario.tiers.push_back(tier);
    }
  }
  std::vector<std::string> tier_names;
  for (const auto& tier : scenario.tiers)
    tier_names.push_back(tier.name);
  // A cache's backing tier, once every tier is known.
  for (auto& tier : scenario.tiers) {
    if (!tier.cache())
      continue;
    std::string path   = "storage." + tier.name + ".backing";
    const YAML::Node b = root["storage"][tier.name]["backing"];
    std::string name   = reader.string_value(b, path);
    tier.backing       = scenario.find_tier(name);
    if (tier.backing < 0)
      reader.fail(b, path, "undefined storage tier '" + name + "'" + did_you_mean(name, tier_names));
    if (scenario.tiers[tier.backing].cache())
      reader.fail(b, path, "a cache's backing tier must be a disk, object or dfs tier, not cache tier '" + name + "'");
  }

  // transfer
  scenario.transfer = protocol_defaults(Protocol::Tcp);
  if (const YAML::Node transfer = root["transfer"])
    scenario.transfer = read_transfer(reader, transfer, "transfer", scenario.transfer);

  // workload
  const YAML::Node workload = required(root, "workload", "");
  reader.require_map(workload, "workload");
  reader.check_keys(workload, "workload",
                    {"arrival", "rate", "interval", "jobs", "duration", "jitter", "classes", "trace"}, "'workload'");
  Workload& w = scenario.workload;
  w.where     = reader.where(workload, "workload");
  if (const YAML::Node trace = workload["trace"]) {
    for (const char* key : {"arrival", "rate", "interval", "duration", "classes"})
      if (workload[key])
        reader.fail(workload[key], std::string("workload.") + key,
                    std::string("'workload.") + key + "' does not apply to a trace replay (the trace gives the jobs)");
    read_trace(reader, trace, "workload.trace", w);
    if (workload["jobs"])
      w.jobs = reader.integer(workload["jobs"], "workload.jobs", 1); // the first N jobs of the trace
    if (workload["jitter"])
      w.jitter = reader.non_negative_quantity(workload["jitter"], "workload.jitter", Dimension::Time);
    finish_sections(reader, root, scenario);
    return scenario;
  }
  std::string arrival = workload["arrival"]
                            ? reader.choice(workload["arrival"], "workload.arrival", {"all", "interval", "poisson"})
                            : std::string("all");
  w.arrival           = arrival == "all" ? Arrival::All : arrival == "interval" ? Arrival::Interval : Arrival::Poisson;
  if (workload["jobs"]) {
    w.jobs = reader.integer(workload["jobs"], "workload.jobs", 1);
    if (*w.jobs > kMaxJobs)
      reader.fail(workload["jobs"], "workload.jobs",
                  "'workload.jobs' above " + std::to_string(kMaxJobs) + " is not supported");
  }
  if (workload["duration"])
    w.duration = reader.positive_quantity(workload["duration"], "workload.duration", Dimension::Time);
  if (workload["jitter"])
    w.jitter = reader.non_negative_quantity(workload["jitter"], "workload.jitter", Dimension::Time);
  if (w.arrival == Arrival::All) {
    if (workload["rate"] || workload["interval"])
      reader.fail(workload["rate"] ? workload["rate"] : workload["interval"],
                  workload["rate"] ? "workload.rate" : "workload.interval",
                  "'arrival: all' submits every job at time 0; 'rate' and 'interval' do not apply");
    if (workload["duration"])
      reader.fail(workload["duration"], "workload.duration", "'arrival: all' needs 'jobs', not 'duration'");
    if (!w.jobs)
      reader.fail(workload, "workload", "'arrival: all' needs 'jobs' (how many jobs to submit)");
  } else {
    if (workload["rate"] && workload["interval"])
      reader.fail(workload["interval"], "workload.interval", "give 'rate' or 'interval', not both");
    if (workload["rate"])
      w.rate = reader.positive_quantity(workload["rate"], "workload.rate", Dimension::Rate);
    else if (workload["interval"])
      w.rate = 1.0 / reader.positive_quantity(workload["interval"], "workload.interval", Dimension::Time);
    else
      reader.fail(workload, "workload", "'arrival: " + arrival + "' needs 'rate' (jobs per second) or 'interval'");
    if (!w.jobs && !w.duration)
      reader.fail(workload, "workload", "'arrival: " + arrival + "' needs 'jobs', 'duration' or both");
    if (!w.jobs && w.rate * *w.duration > kMaxJobs)
      reader.fail(workload["duration"], "workload.duration",
                  fmt::format("'workload.duration' at this rate gives about {:.0f} jobs; more than {} is not supported",
                              w.rate * *w.duration, kMaxJobs));
  }

  const YAML::Node classes = required(workload, "classes", "workload");
  auto class_entries       = reader.named_entries(classes, "workload.classes", "'workload.classes'");
  if (class_entries.empty())
    reader.fail(classes, "workload.classes", "the workload has no job classes");
  for (const auto& [class_name, class_node] : class_entries) {
    std::string class_path = "workload.classes." + class_name;
    reader.require_map(class_node, class_path);
    reader.check_keys(class_node, class_path, {"weight", "hosts", "estimate", "transfer", "stages"}, "a job class");
    JobClass job_class;
    job_class.name  = class_name;
    job_class.where = reader.where(class_node, class_path);
    if (class_node["weight"]) {
      job_class.weight = reader.number(class_node["weight"], class_path + ".weight");
      if (job_class.weight <= 0)
        reader.fail(class_node["weight"], class_path + ".weight", "'" + class_path + ".weight' must be positive");
    }
    if (class_node["transfer"])
      job_class.transfer = read_transfer(reader, class_node["transfer"], class_path + ".transfer", scenario.transfer);
    if (class_node["hosts"])
      job_class.hosts = reader.bounded_integer(class_node["hosts"], class_path + ".hosts", 1);
    if (class_node["estimate"])
      job_class.estimate = reader.distribution(class_node["estimate"], class_path + ".estimate", Dimension::Time);
    const YAML::Node stages_node = required(class_node, "stages", class_path);
    auto stage_entries = reader.named_entries(stages_node, class_path + ".stages", "'" + class_path + ".stages'");
    if (stage_entries.empty())
      reader.fail(stages_node, class_path + ".stages", "job class '" + class_name + "' has no stages");
    std::vector<std::string> stage_names;
    for (const auto& entry : stage_entries)
      stage_names.push_back(entry.first);
    std::vector<Stage> stages;
    std::vector<YAML::Node> stage_nodes;
    std::vector<std::string> stage_paths;
    for (const auto& [stage_name, node] : stage_entries) {
      std::string path = class_path + ".stages." + stage_name;
      reader.require_map(node, path);
      reader.check_keys(node, path, {"kind", "after", "bytes", "flops", "tier", "from", "to", "objects", "access"},
                        "a stage");
      Stage stage;
      stage.name  = stage_name;
      stage.where = reader.where(node, path);
      std::string kind =
          reader.choice(required(node, "kind", path), path + ".kind", {"read", "transfer", "compute", "write"});
      stage.kind  = kind == "read"       ? StageKind::Read
                    : kind == "transfer" ? StageKind::Transfer
                    : kind == "compute"  ? StageKind::Compute
                                         : StageKind::Write;
      auto forbid = [&](const std::string& key, const std::string& instead) {
        if (node[key])
          reader.fail(node[key], path + "." + key,
                      "'" + key + "' does not apply to a " + kind + " stage" +
                          (instead.empty() ? "" : "; use '" + instead + "'"));
      };
      if (stage.kind == StageKind::Compute) {
        forbid("bytes", "flops");
        forbid("tier", "");
        forbid("from", "");
        forbid("to", "");
        stage.amount = reader.distribution(required(node, "flops", path), path + ".flops", Dimension::Flops);
      } else {
        forbid("flops", "bytes");
        stage.amount = reader.distribution(required(node, "bytes", path), path + ".bytes", Dimension::Bytes);
      }
      if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
        forbid("from", "tier");
        forbid("to", "tier");
        const YAML::Node tier = required(node, "tier", path);
        std::string tier_name = reader.string_value(tier, path + ".tier");
        stage.tier            = scenario.find_tier(tier_name);
        if (stage.tier < 0) {
          std::string hint = did_you_mean(tier_name, tier_names);
          reader.fail(tier, path + ".tier",
                      "undefined storage tier '" + tier_name + "'" +
                          (hint.empty() ? (tier_names.empty() ? "; the scenario has no 'storage' section"
                                                              : "; tiers are " + quoted_list(tier_names))
                                        : hint));
        }
      }
      if (stage.kind == StageKind::Read || stage.kind == StageKind::Write) {
        if (node["objects"])
          stage.objects = reader.integer(node["objects"], path + ".objects", 1);
        if (node["access"])
          stage.uniform_access =
              reader.choice(node["access"], path + ".access", {"sequential", "uniform"}) == "uniform";
        if (scenario.tiers[stage.tier].cache() && stage.objects == 0)
          reader.fail(node, path,
                      "stage '" + stage_name + "' uses cache tier '" + scenario.tiers[stage.tier].name +
                          "': say how many distinct objects it touches with 'objects: N'");
        // An object or dfs tier (also behind a cache) cuts the stage into requests or blocks, one simulated
        // activity each: bound how many a job's stage takes on average.
        const StorageTier* io = &scenario.tiers[stage.tier];
        if (io->cache())
          io = &scenario.tiers[io->backing];
        if (io->kind == TierKind::Object || io->kind == TierKind::Dfs) {
          bool object                 = io->kind == TierKind::Object;
          double piece                = object ? io->object.request_size : io->dfs.block_size;
          double pieces               = stage.amount.mean() / piece;
          constexpr double kMaxPieces = 1e6;
          if (pieces > kMaxPieces)
            reader.fail(node["bytes"], path + ".bytes",
                        fmt::format("stage '{}' would cut {:g} bytes into {:g} {} of {:g} bytes (tier '{}'); more "
                                    "than {:g} per stage is not supported: raise 'storage.{}.{}'",
                                    stage_name, stage.amount.mean(), pieces, object ? "requests" : "blocks", piece,
                                    io->name, kMaxPieces, io->name, object ? "request_size" : "block_size"));
        }
      } else {
        forbid("objects", "");
        forbid("access", "");
      }
      if (stage.kind == StageKind::Transfer) {
        forbid("tier", "from");
        stage.from = role_reference(required(node, "from", path), path + ".from");
        stage.to   = node["to"] ? role_reference(node["to"], path + ".to") : std::string("compute");
      }
      if (const YAML::Node after = node["after"]) {
        std::vector<YAML::Node> items;
        if (after.IsScalar())
          items.push_back(after);
        else if (after.IsSequence())
          for (const auto& item : after)
            items.push_back(item);
        else
          reader.fail(after, path + ".after", "'" + path + ".after' must be a stage name or a list of them");
        for (const auto& item : items) {
          std::string dep = reader.string_value(item, path + ".after");
          auto it         = std::find(stage_names.begin(), stage_names.end(), dep);
          if (it == stage_names.end())
            reader.fail(item, path + ".after",
                        "undefined stage '" + dep + "' in class '" + class_name + "'" + did_you_mean(dep, stage_names));
          int index = static_cast<int>(it - stage_names.begin());
          if (std::find(stage.after.begin(), stage.after.end(), index) == stage.after.end())
            stage.after.push_back(index);
        }
      }
      stages.push_back(stage);
      stage_nodes.push_back(node);
      stage_paths.push_back(path);
    }
    // Reorder so that dependencies come first, remapping the `after` indices.
    std::vector<int> order = topological_order(reader, stages, stage_nodes, stage_paths, class_name);
    std::vector<int> position(stages.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      position[order[i]] = static_cast<int>(i);
    for (int s : order) {
      Stage stage = stages[s];
      for (int& dep : stage.after)
        dep = position[dep];
      std::sort(stage.after.begin(), stage.after.end());
      job_class.stages.push_back(stage);
    }
    w.classes.push_back(job_class);
  }

  finish_sections(reader, root, scenario);
  return scenario;
}

} // namespace

Override parse_override(const std::string& argument, const std::string& option)
{
  std::size_t equal = argument.find('=');
  if (equal == std::string::npos || equal == 0)
    throw InputError(Location{option + " " + argument}, "expected PATH=VALUE, for example transfer.pipes=8");
  return Override{argument.substr(0, equal), argument.substr(equal + 1), argument};
}

Scenario load_scenario_text(const std::string& text, const std::string& file, const std::vector<Override>& overrides,
                            const std::string& base_dir)
{
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& error) {
    throw InputError(Location{file, error.mark.line + 1, error.mark.column + 1}, error.msg);
  } catch (const YAML::Exception& error) {
    throw InputError(Location{file}, error.msg);
  }
  if (!overrides.empty() && (!root.IsDefined() || root.IsNull()))
    root = YAML::Node(YAML::NodeType::Map);
  if (!overrides.empty() && !root.IsMap())
    throw InputError(Location{file}, "the scenario must be a map of settings");
  for (const auto& o : overrides)
    apply_override(root, o);
  Reader reader(file, overrides, base_dir);
  try {
    return build(reader, root, file);
  } catch (const YAML::Exception& error) {
    throw InputError(Location{file, error.mark.line + 1, error.mark.column + 1}, error.msg);
  }
}

Scenario load_scenario(const std::string& file, const std::vector<Override>& overrides)
{
  std::string text = read_text_file(file);
  std::string base = fs::path(file).parent_path().string();
  return load_scenario_text(text, file, overrides, base.empty() ? "." : base);
}

} // namespace dcflow
