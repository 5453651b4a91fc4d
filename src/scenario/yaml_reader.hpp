#pragma once
// Internal to the scenario loader: reading a YAML document into typed values, every error an InputError at
// the value's place (file:line:col, or the --set argument that put it there). The section files
// (load_*.cpp) use it; nothing outside src/scenario/ should.

#include "scenario/loader.hpp"
#include "scenario/units.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace dcflow {

// How a value reads in messages: "a map", "a list", "'text'" or "nothing".
std::string node_type(const YAML::Node& node);

// The file's text, or an InputError at the file.
std::string read_text_file(const std::string& file);

// Parses the scenario text and applies the --set overrides to the document. Syntax errors are at file:line:col.
YAML::Node parse_document(const std::string& text, const std::string& file, const std::vector<Override>& overrides);

class YamlReader {
public:
  YamlReader(std::string file, std::vector<Override> overrides, std::string base_dir);

  // A path from the scenario, relative to the scenario's folder unless absolute.
  std::string resolve(const std::string& file) const;

  // The place of the value at `path`: the --set that gave it, else its line and column in the file.
  Location where(const YAML::Node& node, const std::string& path) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& message) const;

  static std::string join_path(const std::string& path, const std::string& key)
  {
    return path.empty() ? key : path + "." + key;
  }

  void require_map(const YAML::Node& node, const std::string& path) const;
  // parent[key], or an error at the parent ("missing key 'key' in 'path'").
  YAML::Node required(const YAML::Node& parent, const std::string& key, const std::string& path) const;
  // Unknown and duplicate keys are errors (yaml-cpp would silently keep the first duplicate). An empty
  // `allowed` only checks for duplicates.
  void check_keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed,
                  const std::string& what) const;
  // Keys of a map of named things (classes, stages, tiers): duplicates are errors, names are free.
  std::vector<std::pair<std::string, YAML::Node>> named_entries(const YAML::Node& node, const std::string& path,
                                                                const std::string& what) const;

  std::string scalar(const YAML::Node& node, const std::string& path, const std::string& expected) const;
  std::string string_value(const YAML::Node& node, const std::string& path) const;
  double number(const YAML::Node& node, const std::string& path) const;
  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t minimum) const;
  // An integer that fits an int, in [minimum, maximum].
  int bounded_integer(const YAML::Node& node, const std::string& path, int minimum,
                      int maximum = std::numeric_limits<int>::max()) const;
  double quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const;
  double positive_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const;
  double non_negative_quantity(const YAML::Node& node, const std::string& path, Dimension dimension) const;
  std::string choice(const YAML::Node& node, const std::string& path, const std::vector<std::string>& choices) const;
  // The position of the value's name in `choices` (a table's names); a name not in it is the same error.
  std::size_t choice_index(const YAML::Node& node, const std::string& path,
                           const std::vector<std::string>& choices) const;
  // One of `values` (an enum's table: the values a file may give, in the order messages list them), by the
  // name to_string gives it; a name that maps to none of them is an error.
  template <class Enum>
  Enum choice_of(const YAML::Node& node, const std::string& path, const std::vector<Enum>& values) const
  {
    std::vector<std::string> names;
    for (Enum value : values)
      names.push_back(to_string(value));
    return values[choice_index(node, path, names)];
  }
  // The entry of a table of kinds (stage, distribution: each entry's `kind` named by to_string) that the
  // value names; a name that maps to no entry is an error.
  template <class Spec>
  const Spec& kind_choice(const YAML::Node& node, const std::string& path, const std::vector<Spec>& table) const
  {
    std::vector<std::string> names;
    for (const Spec& spec : table)
      names.push_back(to_string(spec.kind));
    return table[choice_index(node, path, names)];
  }

private:
  // YAML 1.1 reads "010" as octal; we refuse the ambiguity instead of guessing.
  void check_leading_zero(const YAML::Node& node, const std::string& path) const;

  std::string file_;
  std::vector<Override> overrides_;
  std::string base_dir_;
};

} // namespace dcflow
