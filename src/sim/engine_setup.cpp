#include "sim/engine_setup.hpp"

#include "scenario/host_pattern.hpp"
#include "sim/platform_graph.hpp"
#include "util/strings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sg4 = simgrid::s4u;

namespace dcflow {

std::unique_ptr<sg4::Engine> create_engine(const std::vector<std::string>& engine_args,
                                           std::vector<std::string>& storage)
{
  // SimGrid echoes every --cfg at INFO level; dcflow's own output says what ran.
  storage = {"dcflow", "--log=xbt_cfg.thresh:warning"};
  storage.insert(storage.end(), engine_args.begin(), engine_args.end());
  std::vector<char*> argv;
  for (auto& a : storage)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(storage.size());
  try {
    return std::make_unique<sg4::Engine>(&argc, argv.data());
  } catch (const std::exception& error) {
    // "Bad config key: KEY" and then every key: keep the first line and name the argument at fault.
    std::string text  = error.what();
    text              = text.substr(0, text.find('\n'));
    std::string label = "--cfg";
    for (const auto& a : engine_args)
      if (a.rfind("--cfg=", 0) == 0) {
        std::string item = a.substr(6);
        if (text.find(": " + item.substr(0, item.find(':'))) != std::string::npos)
          label = "--cfg " + item;
      }
    throw InputError(Location{label}, text);
  }
}

void load_platform_checked(sg4::Engine& engine, const std::string& file, const Location& where)
{
  std::ifstream probe(file);
  if (!probe)
    throw InputError(where, "cannot read platform '" + file + "': " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw InputError(where, "cannot read platform '" + file + "': Is a directory");
  // A Full zone without any route crashes SimGrid's route lookup: note which zones declare routes.
  watch_route_declarations();
  try {
    engine.load_platform(file);
  } catch (const std::exception& error) {
    // "Parse error at FILE:LINE: message" becomes FILE:LINE: error: invalid platform: message.
    std::string text = error.what();
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (auto at = text.find("does name a node"); at != std::string::npos)
      text.replace(at, 16, "does not name a node"); // SimGrid 3.32's message says the opposite
    const std::string prefix = "Parse error at ";
    if (text.rfind(prefix, 0) == 0) {
      std::string rest  = text.substr(prefix.size());
      std::size_t colon = rest.find(": ");
      if (colon != std::string::npos) {
        std::string place = rest.substr(0, colon);
        std::size_t last  = place.rfind(':');
        int line          = last == std::string::npos ? 0 : std::atoi(place.c_str() + last + 1);
        throw InputError(Location{file, line}, "invalid platform: " + rest.substr(colon + 2));
      }
    }
    throw InputError(Location{file}, "invalid platform: " + text);
  }
}

std::vector<sg4::Host*> select_hosts(const std::vector<sg4::Host*>& hosts, const HostSelector& sel,
                                     const std::string& owner)
{
  if (!sel.pattern.empty()) {
    try {
      check_host_pattern(sel.pattern);
    } catch (const std::invalid_argument& error) {
      throw InputError(sel.where, error.what());
    }
  }
  std::vector<sg4::Host*> selected;
  for (auto* h : hosts) {
    if (!sel.pattern.empty()) {
      if (match_host_pattern(sel.pattern, h->get_name()))
        selected.push_back(h);
    } else if (const char* value = h->get_property(sel.property_key)) {
      if (sel.property_value.empty() || sel.property_value == value)
        selected.push_back(h);
    }
  }
  if (!selected.empty())
    return selected;
  if (sel.pattern.empty())
    throw InputError(sel.where, "no host has " + sel.describe() + (owner.empty() ? "" : " (" + owner + ")"));
  std::vector<std::string> names;
  for (const auto* h : hosts)
    names.push_back(h->get_name());
  throw InputError(sel.where, "host pattern '" + sel.pattern + "'" + (owner.empty() ? "" : " of " + owner) +
                                  " selects no host" + did_you_mean(sel.pattern, pattern_suggestions(names)));
}

} // namespace dcflow
