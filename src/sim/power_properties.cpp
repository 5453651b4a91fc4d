#include "sim/power_properties.hpp"

#include "sim/engine_setup.hpp"
#include "util/error.hpp"
#include "util/strings.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// `text` split at `separator`.
std::vector<std::string> split(const std::string& text, char separator)
{
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    std::size_t at = text.find(separator, from);
    parts.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos)
      return parts;
    from = at + 1;
  }
}

// Watts written as a plain number, or an empty string on success and the problem otherwise.
std::string parse_watts(std::string text, double& watts)
{
  while (!text.empty() && text.front() == ' ')
    text.erase(text.begin());
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  char* end = nullptr;
  watts     = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    return fmt::format("'{}' is not a number of watts", text);
  if (watts < 0)
    return fmt::format("a power cannot be negative, got {} W", text);
  return "";
}

// The `count` fields of property `key` (value `value`), separated by ':', in watts; errors at `where`.
// Where a property is in the platform file: looked up only for an error (it reads the file).
using Where = std::function<Location(const char* key)>;

std::vector<double> watts_fields(const std::string& value, const std::vector<std::size_t>& counts, const char* key,
                                 const char* form, const std::string& owner, const Where& where)
{
  std::vector<std::string> fields = split(value, ':');
  bool count_ok                   = false;
  for (std::size_t c : counts)
    count_ok = count_ok || fields.size() == c;
  if (!count_ok)
    throw InputError(where(key), fmt::format("property '{}' of {} is '{}': expected \"{}\" in watts", key, owner, value,
                                        form));
  std::vector<double> watts(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (std::string problem = parse_watts(fields[i], watts[i]); !problem.empty())
      throw InputError(where(key), fmt::format("property '{}' of {} is '{}': {}", key, owner, value, problem));
  return watts;
}

double off_watts(const char* value, const std::string& owner, const Where& where)
{
  double watts = 0;
  if (std::string problem = parse_watts(value, watts); !problem.empty())
    throw InputError(where("wattage_off"), fmt::format("property 'wattage_off' of {} is '{}': {}", owner, value, problem));
  return watts;
}

// idle:busy and off from wattage_range / wattage_off (links and disks).
PowerFigures range_power(const char* range, const char* off, const std::string& owner, const Where& where)
{
  PowerFigures power;
  if (!range && !off)
    return power;
  power.given = true;
  if (range) {
    std::vector<double> w = watts_fields(range, {2}, "wattage_range", "idle:busy", owner, where);
    power.idle            = w[0];
    power.busy            = w[1];
  }
  if (off)
    power.off = off_watts(off, owner, where);
  return power;
}

} // namespace

PowerFigures host_power(const sg4::Host* host, const std::string& file)
{
  const char* states = host->get_property("wattage_per_state");
  const char* off    = host->get_property("wattage_off");
  PowerFigures power;
  if (!states && !off)
    return power;
  power.given               = true;
  const std::vector<std::string> tags{"host"};
  std::string owner         = fmt::format("host '{}'", host->get_name());
  Where where = [&](const char* key) { return locate_in_platform(file, tags, host->get_name(), key); };
  if (states) {
    std::vector<std::string> per_pstate = split(states, ',');
    auto pstate                         = static_cast<std::size_t>(host->get_pstate());
    if (pstate >= per_pstate.size())
      throw InputError(where("wattage_per_state"), fmt::format("property 'wattage_per_state' of {} gives {} pstate(s), but the host runs "
                                          "in pstate {}",
                                          owner, per_pstate.size(), pstate));
    // SimGrid's forms: idle:epsilon:full, or the older idle:full.
    std::vector<double> w =
        watts_fields(per_pstate[pstate], {2, 3}, "wattage_per_state", "idle:epsilon:full", owner, where);
    power.idle = w.front();
    power.busy = w.back();
  }
  if (off)
    power.off = off_watts(off, owner, where);
  return power;
}

PowerFigures link_power(const sg4::Engine& engine, const sg4::Link* link, const std::string& file)
{
  const std::vector<std::string> tags{"link"};
  const sg4::Link* holder = link;
  double share            = 1.0;
  const std::string& name = link->get_name();
  // A half of a SPLITDUPLEX link: SimGrid keeps the properties on the link the platform names.
  for (std::string suffix : {"_UP", "_DOWN"})
    if (!link->get_property("wattage_range") && !link->get_property("wattage_off") && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      try {
        if (const sg4::SplitDuplexLink* parent =
                engine.split_duplex_link_by_name(name.substr(0, name.size() - suffix.size()))) {
          holder = parent;
          share  = 0.5;
        }
      } catch (const std::invalid_argument&) { // a <cluster>'s half, or a name that only ends so
      }
    }
  const std::string& id = holder->get_name();
  PowerFigures power = range_power(holder->get_property("wattage_range"), holder->get_property("wattage_off"),
                                   fmt::format("link '{}'", id),
                                   [&](const char* key) { return locate_in_platform(file, tags, id, key); });
  power.idle *= share;
  power.busy *= share;
  power.off *= share;
  return power;
}

PowerFigures disk_power(const sg4::Host* host, const sg4::Disk* disk, const std::string& file)
{
  const char* range = disk->get_property("wattage_range");
  const char* off   = disk->get_property("wattage_off");
  if (!range && !off)
    return {};
  const std::vector<std::string> tags{"host"};
  return range_power(range, off, fmt::format("disk '{}' of host '{}'", disk->get_name(), host->get_name()),
                     [&](const char* key) { return locate_in_platform(file, tags, host->get_name(), key); });
}

} // namespace dcflow
