#include "scenario/yaml_reader.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace dcflow {
namespace {

namespace fs = std::filesystem;

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

} // namespace

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

std::string read_text_file(const std::string& file)
{
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(Location{file}, std::string("cannot read scenario: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

YAML::Node parse_document(const std::string& text, const std::string& file, const std::vector<Override>& overrides)
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
  return root;
}

YamlReader::YamlReader(std::string file, std::vector<Override> overrides, std::string base_dir)
    : file_(std::move(file)), overrides_(std::move(overrides)), base_dir_(std::move(base_dir))
{
}

std::string YamlReader::resolve(const std::string& file) const
{
  fs::path path(file);
  return path.is_absolute() ? file : (fs::path(base_dir_) / path).lexically_normal().string();
}

Location YamlReader::where(const YAML::Node& node, const std::string& path) const
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

void YamlReader::fail(const YAML::Node& node, const std::string& path, const std::string& message) const
{
  throw InputError(where(node, path), message);
}

void YamlReader::require_map(const YAML::Node& node, const std::string& path) const
{
  if (!node.IsMap())
    fail(node, path, "'" + path + "' must be a map, got " + node_type(node));
}

YAML::Node YamlReader::required(const YAML::Node& parent, const std::string& key, const std::string& path) const
{
  const YAML::Node node = parent[key];
  if (!node)
    fail(parent, path, "missing key '" + key + "'" + (path.empty() ? "" : " in '" + path + "'"));
  return node;
}

void YamlReader::check_keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed,
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

std::vector<std::pair<std::string, YAML::Node>>
YamlReader::named_entries(const YAML::Node& node, const std::string& path, const std::string& what) const
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

std::string YamlReader::scalar(const YAML::Node& node, const std::string& path, const std::string& expected) const
{
  if (!node.IsScalar())
    fail(node, path, "'" + path + "' must be " + expected + ", got " + node_type(node));
  return node.Scalar();
}

void YamlReader::check_leading_zero(const YAML::Node& node, const std::string& path) const
{
  if (node.Tag() != "?")
    return; // quoted
  static const std::regex leading_zero("[+-]?0[0-9].*");
  if (std::regex_match(node.Scalar(), leading_zero))
    fail(node, path,
         "number '" + node.Scalar() + "' for '" + path +
             "' has a leading zero (YAML 1.1 would read it as octal); remove the zero");
}

std::string YamlReader::string_value(const YAML::Node& node, const std::string& path) const
{
  std::string value = scalar(node, path, "a string");
  if (value.empty())
    fail(node, path, "'" + path + "' must not be empty");
  return value;
}

double YamlReader::number(const YAML::Node& node, const std::string& path) const
{
  std::string text = scalar(node, path, "a number");
  check_leading_zero(node, path);
  char* end    = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value))
    fail(node, path, "'" + path + "' must be a number, got '" + text + "'");
  return value;
}

std::int64_t YamlReader::integer(const YAML::Node& node, const std::string& path, std::int64_t minimum) const
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

int YamlReader::bounded_integer(const YAML::Node& node, const std::string& path, int minimum, int maximum) const
{
  std::int64_t value = integer(node, path, minimum);
  if (value > maximum)
    fail(node, path, "'" + path + "' must be at most " + std::to_string(maximum) + ", got " + node.Scalar());
  return static_cast<int>(value);
}

double YamlReader::quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
{
  std::string text = scalar(node, path, dimension_noun(dimension));
  check_leading_zero(node, path);
  try {
    return parse_quantity(text, dimension);
  } catch (const std::invalid_argument& error) {
    fail(node, path, "'" + path + "': " + error.what());
  }
}

double YamlReader::positive_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
{
  double value = quantity(node, path, dimension);
  if (value <= 0)
    fail(node, path, "'" + path + "' must be positive, got '" + node.Scalar() + "'");
  return value;
}

double YamlReader::non_negative_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const
{
  double value = quantity(node, path, dimension);
  if (value < 0)
    fail(node, path, "'" + path + "' must not be negative, got '" + node.Scalar() + "'");
  return value;
}

std::string YamlReader::choice(const YAML::Node& node, const std::string& path,
                               const std::vector<std::string>& choices) const
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

std::size_t YamlReader::choice_index(const YAML::Node& node, const std::string& path,
                                     const std::vector<std::string>& choices) const
{
  std::string value = choice(node, path, choices);
  return static_cast<std::size_t>(std::find(choices.begin(), choices.end(), value) - choices.begin());
}

} // namespace dcflow
