// The cost section: prices per kWh, per host-hour by role, per TB stored or moved, and the PUE.
#include "scenario/load_sections.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>

namespace dcflow {

void load_cost(const YamlReader& reader, const YAML::Node& root, Scenario& scenario)
{
  const YAML::Node cost = root["cost"];
  if (!cost)
    return;
  reader.require_map(cost, "cost");
  reader.check_keys(cost, "cost", {"currency", "per_kWh", "pue", "per_hour", "per_TB_stored", "per_TB_moved"},
                    "'cost'");
  CostSpec& c = scenario.cost;
  c.given     = true;
  // A price is a plain non-negative number in the block's currency.
  auto price = [&](const YAML::Node& node, const std::string& path) {
    double value = reader.number(node, path);
    if (value < 0)
      reader.fail(node, path, "'" + path + "' is a price: it must not be negative, got " + fmt::format("{:g}", value));
    return value;
  };
  if (cost["currency"])
    c.currency = reader.string_value(cost["currency"], "cost.currency");
  if (cost["per_kWh"])
    c.per_kWh = price(cost["per_kWh"], "cost.per_kWh");
  if (cost["pue"]) {
    c.pue = reader.number(cost["pue"], "cost.pue");
    if (c.pue < 1)
      reader.fail(cost["pue"], "cost.pue",
                  "'cost.pue' is facility power over IT power: it must be at least 1, got " + fmt::format("{:g}", c.pue));
  }
  if (const YAML::Node hours = cost["per_hour"]) {
    reader.require_map(hours, "cost.per_hour");
    for (const auto& entry : hours) {
      std::string path = "cost.per_hour." + entry.first.as<std::string>();
      std::string role = role_reference(reader, scenario, entry.first, "cost.per_hour");
      c.per_hour.emplace_back(role, price(entry.second, path));
    }
  }
  if (cost["per_TB_stored"])
    c.per_TB_stored = price(cost["per_TB_stored"], "cost.per_TB_stored");
  if (cost["per_TB_moved"])
    c.per_TB_moved = price(cost["per_TB_moved"], "cost.per_TB_moved");
}

} // namespace dcflow
