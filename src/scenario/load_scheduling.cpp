// The scheduling section: which policy dispatches jobs, and how the pool autoscales.
#include "policy/policy.hpp"
#include "scenario/load_sections.hpp"

namespace dcflow {
namespace {

AutoscaleSettings read_autoscale(const YamlReader& reader, const YAML::Node& node, const std::string& path)
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

} // namespace

void load_scheduling(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  const YAML::Node scheduling = root["scheduling"];
  if (!scheduling)
    return;
  reader.require_map(scheduling, "scheduling");
  reader.check_keys(scheduling, "scheduling", {"policy", "autoscale"}, "'scheduling'");
  if (const YAML::Node autoscale = scheduling["autoscale"])
    scenario.autoscale = read_autoscale(reader, autoscale, "scheduling.autoscale");
  scenario.autoscale_where = reader.where(scheduling["autoscale"], "scheduling.autoscale");
  // The policy registry is the table of names: one that maps to no policy is an error here, at load time.
  if (scheduling["policy"]) {
    scenario.policy       = reader.choice(scheduling["policy"], "scheduling.policy", policy_names());
    scenario.policy_where = reader.where(scheduling["policy"], "scheduling.policy");
  }
}

} // namespace dcflow
