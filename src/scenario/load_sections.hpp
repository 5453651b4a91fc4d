#pragma once
// Internal to the scenario loader: one reader per section of the scenario file, each in its own load_*.cpp.
// loader.cpp calls them in file order; a later section may look up what an earlier one put in `scenario`
// (roles, tiers, the scenario-wide transfer settings).

#include "scenario/scenario.hpp"
#include "scenario/yaml_reader.hpp"

#include <string>

namespace dcflow {

// hosts: role -> host selector (load_hosts.cpp).
void load_hosts(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);
// The name of a role the hosts section defines, or an error at `node`.
std::string role_reference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                           const std::string& path);

// storage: the tiers, then each cache's backing tier (load_storage.cpp).
void load_storage(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);

// The index of the storage tier `node` names, or an error at `node` (load_storage.cpp).
int tier_reference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node, const std::string& path);
// A transfer block on top of `base` (load_transfer.cpp): the scenario's and a job class's.
TransferSettings read_transfer(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                               const TransferSettings& base);

// workload: arrivals and job classes, or a trace replay (load_workload.cpp).
void load_workload(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);
// A job class's stages, dependencies first (load_stages.cpp).
std::vector<Stage> read_stages(const YamlReader& reader, const Scenario& scenario, const YAML::Node& class_node,
                               const std::string& class_path, const std::string& class_name);

// A job class's `training:` block (load_training.cpp).
TrainingSpec read_training(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                           const std::string& path);
// A job class's `inference:` block (load_inference.cpp).
InferenceSpec read_inference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                             const std::string& path);
// A `compression:` what-if block, shared by training and inference (load_training.cpp).
void read_compression(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                      TrainingCompression& c);
// A per-job amount: a scalar with a unit, or {dist: ..., ...}; values must be positive (load_distribution.cpp).
Distribution read_distribution(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                               Dimension dimension);

// scheduling: the policy and autoscaling (load_scheduling.cpp).
void load_scheduling(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);

// failures: resources that fail and the retry limit (load_failures.cpp).
void load_failures(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);

// cost: prices that turn energy, hours and bytes into money (load_cost.cpp).
void load_cost(const YamlReader& reader, const YAML::Node& root, Scenario& scenario);

} // namespace dcflow
