// The hosts section: each role picks its hosts by a name pattern or a host property.
#include "scenario/host_pattern.hpp"
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

#include <stdexcept>

namespace dcflow {
namespace {

void check_pattern(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                   const std::string& pattern)
{
  try {
    check_host_pattern(pattern);
  } catch (const std::invalid_argument& error) {
    reader.fail(node, path, error.what());
  }
}

HostSelector read_selector(const YamlReader& reader, const YAML::Node& node, const std::string& path)
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

} // namespace

void load_hosts(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  const YAML::Node hosts = reader.required(root, "hosts", "");
  for (const auto& [name, node] : reader.named_entries(hosts, "hosts", "'hosts'"))
    scenario.roles.push_back(Role{name, read_selector(reader, node, "hosts." + name)});
  if (!scenario.find_role("compute"))
    reader.fail(hosts, "hosts", "'hosts' must define the 'compute' role (the pool jobs are dispatched to)");
}

std::string role_reference(const YamlReader& reader, const Scenario& scenario, const YAML::Node& node,
                           const std::string& path)
{
  std::string name = reader.string_value(node, path);
  if (!scenario.find_role(name)) {
    std::vector<std::string> role_names;
    for (const auto& role : scenario.roles)
      role_names.push_back(role.name);
    std::string hint = did_you_mean(name, role_names);
    reader.fail(node, path,
                "undefined host role '" + name + "'" +
                    (hint.empty() ? "; roles are " + quoted_list(role_names) : hint));
  }
  return name;
}

} // namespace dcflow
