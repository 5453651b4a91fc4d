#pragma once
// YAML scenario -> typed Scenario. Every error is an InputError pointing into the file
// (file:line:col) or at the --set argument that introduced the value.

#include "scenario/scenario.hpp"

#include <string>
#include <vector>

namespace dcflow {

// One `--set PATH=VALUE`: PATH walks map keys (dots separate them), VALUE is parsed as YAML.
struct Override {
  std::string path;
  std::string value;
  std::string argument; // as typed, for messages
};

// Splits "transfer.pipes=8". Throws InputError labelled with the argument when malformed.
Override parse_override(const std::string& argument, const std::string& option = "--set");

// Reads, applies overrides, validates. `file` is used in messages and to resolve relative paths.
Scenario load_scenario(const std::string& file, const std::vector<Override>& overrides = {});

// Same from text already in memory (tests); relative paths resolve against `base_dir`.
Scenario load_scenario_text(const std::string& text, const std::string& file, const std::vector<Override>& overrides,
                            const std::string& base_dir);

} // namespace dcflow
