#pragma once
// How a stage kind reads its YAML keys: the table its parameters give (Params::keys(), defined next to them in
// scenario/stages/<kind>_params.cpp), which load_stages.cpp walks for every stage of that kind.

#include "scenario/load_sections.hpp"

#include <string>
#include <variant>
#include <vector>

namespace dcflow {

// What a stage kind's key readers read from and into.
struct StageInput {
  const YamlReader& reader;
  const Scenario& scenario;
  const YAML::Node& node;
  const std::string& path;
  Stage& stage;

  // The parameters of the stage being read, as its kind's type.
  template <typename Params> Params& params() const { return std::get<Params>(stage.params); }
};

// How a stage kind treats one key: `read` reads it (failing when a required key is missing, else taking the
// default); without `read` the key is refused, and `instead` names the key meant, if any.
struct StageKey {
  const char* key;
  void (*read)(const StageInput&) = nullptr;
  const char* instead             = "";
};

// A stage kind's keys, checked in this order: of two errors in one stage, the first in this order is reported.
// List another kind's key only to name the key meant instead, or to refuse it before a later key is read: the
// keys other kinds read that a table does not list are refused after its own. `check` runs once all are read.
struct StageKeys {
  std::vector<StageKey> keys;
  void (*check)(const StageInput&) = nullptr;
};

// A stage's amount (Stage::amount, required): `bytes` for the kinds that move data, `flops` for computation.
void read_bytes(const StageInput& in);
void read_flops(const StageInput& in);

} // namespace dcflow
