// The failures section: which resources fail and how (MTBF/MTTR distributions, or a SimGrid state profile for
// one resource), and the retry limit of an interrupted job. Names are checked against the platform in
// sim/failures/ (World binds them), with the places kept here.
#include "scenario/host_pattern.hpp"
#include "scenario/load_sections.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dcflow {
namespace {

FailureGroup read_group(const YamlReader& reader, const Scenario& scenario, const std::string& name,
                        const YAML::Node& node, const std::string& path)
{
  reader.require_map(node, path);
  reader.check_keys(node, path, {"hosts", "role", "links", "tier", "mtbf", "mttr", "profile"}, "a failure group");
  FailureGroup group;
  group.name = name;
  int selectors = 0;
  for (const char* key : {"hosts", "role", "links", "tier"})
    selectors += node[key] ? 1 : 0;
  if (node["tier"] && node["hosts"] && !node["role"] && !node["links"])
    selectors = 1; // the tier's disks on the hosts of a pattern
  if (selectors != 1)
    reader.fail(node, path,
                "'" + path + "' selects its resources with one of 'hosts' (a host name pattern), 'role', 'links' (a "
                             "link name pattern) or 'tier' (the disks of a storage tier, optionally with 'hosts')");
  if (!node["tier"] && (node["hosts"] || node["links"])) {
    const char* key = node["hosts"] ? "hosts" : "links";
    group.target    = node["hosts"] ? FailureTarget::Hosts : FailureTarget::Links;
    group.pattern   = reader.string_value(node[key], YamlReader::join_path(path, key));
    group.where     = reader.where(node[key], YamlReader::join_path(path, key));
    try {
      check_host_pattern(group.pattern);
    } catch (const std::invalid_argument& error) {
      reader.fail(node[key], YamlReader::join_path(path, key), error.what());
    }
  } else if (node["role"]) {
    group.target = FailureTarget::Hosts;
    group.role   = role_reference(reader, scenario, node["role"], YamlReader::join_path(path, "role"));
    group.where  = reader.where(node["role"], YamlReader::join_path(path, "role"));
  } else {
    group.target = FailureTarget::Disks;
    group.tier   = tier_reference(reader, scenario, node["tier"], YamlReader::join_path(path, "tier"));
    group.where  = reader.where(node["tier"], YamlReader::join_path(path, "tier"));
    if (scenario.tiers[static_cast<std::size_t>(group.tier)].kind == TierKind::Object)
      reader.fail(node["tier"], YamlReader::join_path(path, "tier"),
                  "tier '" + scenario.tiers[static_cast<std::size_t>(group.tier)].name +
                      "' is an object store: it has no disks of its own to fail (fail its gateways' hosts instead)");
    if (node["hosts"]) { // only the tier's disks on these hosts
      group.pattern = reader.string_value(node["hosts"], YamlReader::join_path(path, "hosts"));
      group.where   = reader.where(node["hosts"], YamlReader::join_path(path, "hosts"));
      try {
        check_host_pattern(group.pattern);
      } catch (const std::invalid_argument& error) {
        reader.fail(node["hosts"], YamlReader::join_path(path, "hosts"), error.what());
      }
    }
  }
  if (const YAML::Node profile = node["profile"]) {
    std::string profile_path = YamlReader::join_path(path, "profile");
    if (node["mtbf"] || node["mttr"])
      reader.fail(profile, profile_path, "'" + path + "' takes 'profile' or 'mtbf' and 'mttr', not both");
    std::string file = reader.resolve(reader.string_value(profile, profile_path));
    std::ifstream in(file);
    if (!in)
      reader.fail(profile, profile_path, "cannot read state profile '" + file + "'");
    std::stringstream text;
    text << in.rdbuf();
    group.profile = parse_state_profile(text.str(), file);
    return group;
  }
  if (!node["mtbf"] || !node["mttr"])
    reader.fail(node, path, "'" + path + "' needs 'mtbf' and 'mttr' (or a state 'profile')");
  group.mtbf = read_distribution(reader, node["mtbf"], YamlReader::join_path(path, "mtbf"), Dimension::Time);
  group.mttr = read_distribution(reader, node["mttr"], YamlReader::join_path(path, "mttr"), Dimension::Time);
  return group;
}

} // namespace

void load_failures(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  const YAML::Node failures = root["failures"];
  if (!failures)
    return;
  reader.require_map(failures, "failures");
  reader.check_keys(failures, "failures", {"retry_limit", "resources"}, "'failures'");
  FailureSettings& settings = scenario.failures;
  settings.where            = reader.where(failures, "failures");
  if (failures["retry_limit"])
    settings.retry_limit = reader.bounded_integer(failures["retry_limit"], "failures.retry_limit", 0, 1000000);
  const YAML::Node resources = reader.required(failures, "resources", "failures");
  for (const auto& [name, node] : reader.named_entries(resources, "failures.resources", "'failures.resources'"))
    settings.groups.push_back(read_group(reader, scenario, name, node, "failures.resources." + name));
  if (settings.groups.empty())
    reader.fail(resources, "failures.resources", "'failures.resources' names no resources");
}

} // namespace dcflow
